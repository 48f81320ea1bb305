"""Read a status, RAG or progress cell for what it says: complete, on track, at risk, off track,
not started, or unknown.

RAG ratings are read as UK public bodies use them: **Green** is on track (not complete), **Amber**
at risk, **Red** off track, **Blue** complete. Words are matched as written ("Action Progressing and
On Target", "Behind schedule", "Not yet started"; "On hold" and "Paused" are at risk, not on
track); the first word of a cell decides where a cell holds a rating and then a comment ("Amber -
awaiting funding"), and a rating written after the words decides too ("Underway (Amber)" is at
risk). A "Done? (Y/N)" cell of Y or Yes is complete, N or No not complete (off track, as "Not
complete" is). A narrative of more than a dozen words ("Work to date" columns: more than three)
is read by its first three words only ("Completed in March; the group now meets monthly" is
complete); a cell that says nothing known is ``unknown``, with the words kept as written.

>>> [progress_of(text) for text in ("Green", "G", "Amber - funding not agreed", "RED", "Blue", "Completed")]
['on_track', 'on_track', 'at_risk', 'off_track', 'complete', 'complete']
>>> progress_of("Not yet started"), progress_of("Action Not Resourced"), progress_of(""), progress_of("See HAP")
('not_started', 'off_track', None, 'unknown')
>>> progress_of("Underway (Amber)"), progress_of("Paused"), progress_of("Y"), progress_of("Ongoing")
('at_risk', 'at_risk', 'complete', 'on_track')
"""

from __future__ import annotations

import re
from functools import lru_cache

PROGRESS = ("complete", "on_track", "at_risk", "off_track", "not_started", "unknown")
LABELS = {
    "complete": "complete",
    "on_track": "on track",
    "at_risk": "at risk",
    "off_track": "off track",
    "not_started": "not started",
    "unknown": "unknown",
}

_RATINGS = {
    "green": "on_track",
    "g": "on_track",
    "amber": "at_risk",
    "a": "at_risk",
    "yellow": "at_risk",
    "red": "off_track",
    "r": "off_track",
    "blue": "complete",
    "b": "complete",
    "grey": "not_started",
    "gray": "not_started",
    "white": "not_started",
}
#: (pattern, progress): tried in order on the lower-cased cell
_WORDS = [
    (
        (
            r"\bnot (?:yet )?(?:started|begun|commenced)\b|\bnot due\b|\byet to (?:start|begin)\b|\bplanned\b"
            r"|\bscheduled\b|\bfuture\b"
        ),
        "not_started",
    ),
    (r"\bnot (?:complete|completed|achieved|done|met|on track|on target)\b|\bincomplete\b", "off_track"),
    (
        (
            r"\boff[- ]track\b|\boverdue\b|\bnot resourced\b|\bunresourced\b|\bstalled\b|\bfailed\b|\bmissed\b"
            r"|\bsignificant(?:ly)? (?:delay|behind)|\bblocked\b|\bcancell?ed\b"
        ),
        "off_track",
    ),
    (
        (
            r"\bat risk\b|\bdelayed\b|\bbehind\b|\bslipp(?:ed|ing)\b|\bsome (?:concern|risk|delay)|\bconcerns?\b"
            r"|\bpartially\b|\bpartly\b|\bissues?\b|\bon hold\b|\bpaused\b|\bsuspended\b|\bdeferred\b"
        ),
        "at_risk",
    ),
    (
        (
            r"\bcomplete[d]?\b|\bachieved\b|\bdone\b|\bclosed\b|\bdelivered\b|\bfinished\b|\bimplemented\b|\bin place\b"
            r"|\bmet\b"
        ),
        "complete",
    ),
    (
        (
            r"\bon[- ]track\b|\bon target\b|\bon schedule\b|\bprogressing\b|\bin progress\b|\bongoing\b|\bon-going\b"
            r"|\bunderway\b|\bunder way\b|\bstarted\b|\bgood progress\b"
        ),
        "on_track",
    ),
]
_COMPILED = [(re.compile(p), progress) for p, progress in _WORDS]
#: a whole cell of a "Done? (Y/N)" column
_YES_NO = {"y": "complete", "yes": "complete", "n": "off_track", "no": "off_track"}
#: a rating written after the words ("Underway (Amber)", "Progressing - Green"): the rating decides
_RATING_AFTER = re.compile(r"[(\[\-–:/]\s*(green|amber|red|blue|grey|gray)\s*[)\]]?\s*$")
#: what a narrative may open with before its status ("This action is now complete ...")
_OPENING = re.compile(r"^(?:this |the )?(?:action|activity|work|task)?\s*(?:is|has been|was|now)?\s*(?:now\s*)?")
OPENING_WORDS = 3  # a narrative's first words are read for a status ("Completed in March; the group ...")
_FIRST_WORD = re.compile(r"^\W*([a-z]+)\b")
_LETTER_RATING = re.compile(r"^\W*[a-z]\s*(?:$|[-–:/(.,])")  # "G", "A - delayed", "R:"; not "A Board ..."
NARRATIVE_WORDS = 12  # a longer cell not led by a rating is narrative ("A Board is in place comprising ...")
SHORT_WORDS = 3  # in a commentary column, only this short a cell is read for its words


@lru_cache(maxsize=4096)  # status cells repeat ("Green", "On track", "Complete")
def progress_of(text: str | None, *, narrative: bool = False) -> str | None:
    """The progress a status cell records (one of :data:`PROGRESS`), or None for an empty cell.

    ``narrative`` is for columns of commentary ("Work to date", "Progress update"): there only a
    rating at the start, or a cell of a few words, says where the work stands.

    >>> progress_of("A Board is in place", narrative=True), progress_of("Complete", narrative=True)
    ('unknown', 'complete')
    """
    written = " ".join(str(text or "").split()).lower()
    if not written:
        return None
    first = _FIRST_WORD.match(written)
    if first and first.group(1) in _RATINGS and (len(first.group(1)) > 1 or _LETTER_RATING.match(written)):
        return _RATINGS[first.group(1)]
    after = _RATING_AFTER.search(written)
    if after:
        return _RATINGS[after.group(1)]
    if written.strip(" .") in _YES_NO:
        return _YES_NO[written.strip(" .")]
    if len(written.split()) > (SHORT_WORDS if narrative else NARRATIVE_WORDS):
        # a progress narrative: only its opening words can say where the work stands
        opening = _OPENING.sub("", written)
        return _words_progress(" ".join(opening.split()[:OPENING_WORDS]), at_start=True) or "unknown"
    return _words_progress(written) or "unknown"


def _words_progress(written: str, at_start: bool = False) -> str | None:
    """The progress the first of :data:`_WORDS` found in ``written`` says (at its start only, when
    ``at_start``), else None."""
    for pattern, progress in _COMPILED:
        if pattern.match(written) if at_start else pattern.search(written):
            return progress
    return None
