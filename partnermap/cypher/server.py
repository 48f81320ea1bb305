"""A local Neo4j Community server for development and tests, run straight from Maven Central jars.

First use fetches ``org.neo4j:neo4j`` and its runtime dependencies with Maven into a cache
(``~/.cache/partnermap/neo4j/<version>/lib``, or ``$PARTNERMAP_NEO4J_CACHE/<version>/lib``). The
server lives in a home directory (``~/.local/share/partnermap/neo4j``, or
``$PARTNERMAP_NEO4J_HOME``) holding its generated ``conf/neo4j.conf``, data, logs, the generated
password (``password``, mode 0600) and a state file (``run/partnermap-neo4j.json``: pid, port,
version). Bolt listens on 127.0.0.1 only; HTTP is off; auth is on.

Nothing here prints: :meth:`LocalServer.start` reports progress through a ``log`` callback.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from partnermap.errors import ServiceError

NEO4J_VERSION = "5.26.31"
DEFAULT_PORT = 7687
USER = "neo4j"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"  # what the neo4j-admin script runs

#: JVM flags Neo4j's own launcher passes on Java 17 (from its default neo4j.conf), bar AlwaysPreTouch
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>partnermap.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def cache_dir() -> Path:
    """Where fetched jars are kept: ``$PARTNERMAP_NEO4J_CACHE`` or ``~/.cache/partnermap/neo4j``."""
    env = os.environ.get("PARTNERMAP_NEO4J_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "partnermap" / "neo4j"


def home_dir() -> Path:
    """The server home: ``$PARTNERMAP_NEO4J_HOME`` or ``~/.local/share/partnermap/neo4j``."""
    env = os.environ.get("PARTNERMAP_NEO4J_HOME")
    return Path(env).expanduser() if env else Path.home() / ".local" / "share" / "partnermap" / "neo4j"


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home, "bin", "java")) if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise ServiceError("Java is needed to run Neo4j 5.26 (OpenJDK 17 or 21): install it or set JAVA_HOME")
    return java


def fetch_jars(version: str = NEO4J_VERSION, cache: Path | None = None, log: Log = _quiet) -> Path:
    """The directory of Neo4j's runtime jars, fetched with Maven into the cache on first use."""
    lib = (cache or cache_dir()) / version / "lib"
    if (lib / f"neo4j-{version}.jar").exists():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServiceError("Maven (mvn) is needed once to fetch the Neo4j jars from Maven Central: install it")
    log(f"Fetching Neo4j {version} from Maven Central into {lib} (first use; about 120 MB)")
    lib.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=lib.parent) as tmp:
        Path(tmp, "pom.xml").write_text(_POM.format(version=version), encoding="utf-8")
        staged = Path(tmp, "lib")
        result = subprocess.run(
            [mvn, "-q", "-B", "dependency:copy-dependencies", "-DincludeScope=runtime", f"-DoutputDirectory={staged}"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not (staged / f"neo4j-{version}.jar").exists():
            detail = (result.stdout + result.stderr).strip().splitlines()[-1:] or ["no output"]
            raise ServiceError(f"could not fetch Neo4j {version} with Maven: {detail[0]}")
        staged.rename(lib)
    return lib


def auth_line(user: str, password: str, iterations: int = 1024) -> str:
    """A line of Neo4j's initial auth file (``data/dbms/auth.ini``), as ``neo4j-admin dbms
    set-initial-password`` writes it: ``user:SHA-256,<hash>,<salt>,<iterations>:`` where the hash is
    SHA-256 of salt + password, re-hashed ``iterations - 1`` times."""
    salt = secrets.token_bytes(32)
    digest = hashlib.sha256(salt + password.encode("utf-8")).digest()
    for _ in range(iterations - 1):
        digest = hashlib.sha256(digest).digest()
    return f"{user}:SHA-256,{digest.hex()},{salt.hex()},{iterations}:\n"


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to a new file readable only by the user."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def free_port(preferred: int | None = None) -> int:
    """``preferred`` when it is free on 127.0.0.1, else any free port."""
    candidates = [preferred, 0] if preferred else [0]
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise ServiceError("no free TCP port on 127.0.0.1")


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie child counts as gone and is reaped)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


@dataclass(frozen=True)
class ServerInfo:
    """A running local server: where to connect and where the password is kept (never the password)."""

    pid: int
    port: int
    version: str
    home: Path
    password_file: Path
    user: str = USER

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def password(self) -> str:
        """Read the password from its file."""
        return self.password_file.read_text(encoding="utf-8").strip()


class LocalServer:
    """The local Neo4j server whose home is ``home`` (default :func:`home_dir`)."""

    def __init__(self, home: Path | str | None = None, *, version: str = NEO4J_VERSION, cache: Path | None = None):
        self.home = Path(home).expanduser().resolve() if home else home_dir()
        self.version = version
        self.cache = cache
        self.conf_dir = self.home / "conf"
        self.password_file = self.home / "password"
        self.state_file = self.home / "run" / "partnermap-neo4j.json"
        self.console_log = self.home / "logs" / "console.log"

    # --- state ---------------------------------------------------------------------------------
    def status(self) -> ServerInfo | None:
        """The running server, or None (a stale state file is removed)."""
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        pid = int(state.get("pid", 0))
        if pid <= 0 or not _alive(pid) or not self._is_ours(pid):
            self.state_file.unlink(missing_ok=True)
            return None
        return ServerInfo(
            pid=pid,
            port=int(state["port"]),
            version=state.get("version", self.version),
            home=self.home,
            password_file=self.password_file,
        )

    def start_options(self) -> dict:
        """The options the running server was started with (``port``, ``heap``, ``page_cache``,
        ``allow_csv_import``, ``transaction_timeout``), to start it again the same way."""
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {"port": int(state["port"]), **state.get("options", {})}

    def admin(self, *args: str, heap: str = "1g", timeout: float = 3600.0) -> str:
        """Run ``neo4j-admin ARGS`` (Neo4j's own admin tool, from the same jars) on this home with
        its configuration; returns its output. The server must be stopped for offline commands."""
        java = _java()
        lib = fetch_jars(self.version, self.cache)
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}
        command = [java, f"-Xmx{heap}", *JVM_FLAGS, "-cp", f"{lib}/*", ADMIN_CLASS, *args]
        try:
            result = subprocess.run(
                command,
                check=False,
                cwd=self.home,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise ServiceError(f"neo4j-admin {args[0]} did not finish within {timeout:.0f}s") from None
        output = result.stdout + result.stderr
        if result.returncode != 0:
            lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
            detail = next(
                (ln for ln in reversed(lines) if "rror" in ln or "xception" in ln), lines[-1] if lines else ""
            )
            raise ServiceError(f"neo4j-admin {' '.join(args[:3])} failed (exit {result.returncode}): {detail}")
        return output

    def _is_ours(self, pid: int) -> bool:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return True  # no /proc: trust the state file
        return f"--home-dir={self.home}".encode() in cmdline

    # --- start ---------------------------------------------------------------------------------
    def start(
        self,
        *,
        port: int | None = None,
        heap: str = "1g",
        page_cache: str = "256m",
        timeout: float = 180.0,
        allow_csv_import: bool = False,
        transaction_timeout: int = 600,
        log: Log = _quiet,
    ) -> ServerInfo:
        """Start the server (fetching jars, writing the config and setting the password as needed)
        and wait until the driver can connect. Returns the running server if it already runs."""
        running = self.status()
        if running is not None:
            return running
        java = _java()
        lib = fetch_jars(self.version, self.cache, log)
        port = port or free_port(DEFAULT_PORT)
        self.home.mkdir(parents=True, exist_ok=True)
        os.chmod(self.home, 0o700)
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.home / sub).mkdir(exist_ok=True)
            os.chmod(self.home / sub, 0o700)  # the database, its logs and the password are the user's alone
        self._write_conf(port, heap, page_cache, allow_csv_import, transaction_timeout)
        self._ensure_password()
        command = [
            java,
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            "-cp",
            f"{lib}/*",
            MAIN_CLASS,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
            "--console-mode",
        ]
        log(f"Starting Neo4j {self.version} on 127.0.0.1:{port} (home {self.home})")
        with open(self.console_log, "ab") as out:
            process = subprocess.Popen(
                command,
                cwd=self.home,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        info = ServerInfo(
            pid=process.pid, port=port, version=self.version, home=self.home, password_file=self.password_file
        )
        options = {
            "heap": heap,
            "page_cache": page_cache,
            "allow_csv_import": allow_csv_import,
            "transaction_timeout": transaction_timeout,
        }
        self.state_file.write_text(
            json.dumps({"pid": process.pid, "port": port, "version": self.version, "options": options}),
            encoding="utf-8",
        )
        try:
            self._wait_ready(info, process, timeout)
        except BaseException:
            self.stop()
            raise
        return info

    def _write_conf(
        self, port: int, heap: str, page_cache: str, allow_csv_import: bool = False, transaction_timeout: int = 600
    ) -> None:
        h = self.home
        settings = {
            "server.directories.data": h / "data",
            "server.directories.logs": h / "logs",
            "server.directories.run": h / "run",
            "server.directories.import": h / "import",
            "server.directories.plugins": h / "plugins",
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "server.memory.heap.initial_size": heap,
            "server.memory.heap.max_size": heap,
            "server.memory.pagecache.size": page_cache,
            "db.tx_log.rotation.retention_policy": "100M size",
            "db.logs.query.enabled": "OFF",
            # LOAD CSV: no file:/// URLs and no outgoing connections unless asked (--allow-csv-import)
            "dbms.security.allow_csv_import_from_file_urls": "true" if allow_csv_import else "false",
            "internal.dbms.cypher_ip_blocklist": "" if allow_csv_import else "0.0.0.0/0,::/0",
            # a backstop for every transaction; analyst queries carry their own, shorter timeout
            "db.transaction.timeout": f"{transaction_timeout}s",
            # stop in well under a second instead of Bolt's default ten-second graceful wind-down
            "internal.server.bolt.connection_shutdown_wait_time": "1s",
            "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
            "internal.dbms.bolt.netty_server_shutdown_timeout": "2",
        }
        text = "# Written by partnermap (partnermap neo4j start); regenerated on every start.\n"
        text += "".join(f"{key}={value}\n" for key, value in settings.items())
        _write_private(self.conf_dir / "neo4j.conf", text)

    def _ensure_password(self) -> None:
        """Generate the password file (0600) and, before the first start, the initial auth file."""
        if not self.password_file.exists():
            _write_private(self.password_file, secrets.token_urlsafe(24) + "\n")
        os.chmod(self.password_file, 0o600)
        auth = self.home / "data" / "dbms" / "auth.ini"
        if not auth.exists():
            auth.parent.mkdir(parents=True, exist_ok=True)
            _write_private(auth, auth_line(USER, self.password_file.read_text(encoding="utf-8").strip()))

    def _wait_ready(self, info: ServerInfo, process: subprocess.Popen, timeout: float) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ServiceUnavailable

        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise ServiceError(
                    f"Neo4j exited during start (code {process.returncode}); see {self.console_log}: "
                    + self._last_log_line()
                )
            try:
                with GraphDatabase.driver(info.uri, auth=(info.user, info.password()), connection_timeout=2) as drv:
                    drv.verify_connectivity()
                return
            except AuthError as exc:
                raise ServiceError(
                    f"the local Neo4j refused the password in {self.password_file}: {exc.message}"
                ) from None
            except (ServiceUnavailable, OSError):
                if time.monotonic() > deadline:
                    raise ServiceError(
                        f"Neo4j did not accept connections within {timeout:.0f}s; see {self.console_log}"
                    ) from None
                time.sleep(
                    0.1
                )  # the driver's refusal is quick; a start is waited on whole (load --bulk starts it again)

    def _last_log_line(self) -> str:
        try:
            lines = [ln for ln in self.console_log.read_text(errors="replace").splitlines() if ln.strip()]
        except OSError:
            return "no log"
        return lines[-1] if lines else "no log"

    # --- stop ----------------------------------------------------------------------------------
    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server cleanly (SIGTERM, then wait; SIGKILL after ``timeout``). False if not running."""
        info = self.status()
        if info is None:
            return False
        os.kill(info.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(info.pid):
            if time.monotonic() > deadline:
                os.kill(info.pid, signal.SIGKILL)
                deadline = time.monotonic() + 10
            time.sleep(0.2)
        self.state_file.unlink(missing_ok=True)
        return True
