"""Three-way merge of two writers' versions of one session.

Pure functions: no Textual, no file access. The save path calls
:func:`merge` with three sessions:

* ``base``: the session as this program last read (or wrote) it,
* ``ours``: this program's session, ``base`` plus its own edits,
* ``theirs``: the session on disk now, ``base`` plus edits saved by others.

Every field is merged on its own: a field changed by one side only takes
that side's value, so two people changing different fields never lose
anything. A field both sides changed to different values is a conflict. A
conflict is never resolved silently: it is settled by the rule below and
returned as a :class:`Conflict` that both sides can phrase.

* Agreed score, target, name, organization, previous, unknown keys: ours
  stands (this program saves last, so its value is the later one), except
  that a value set beats a value cleared: nothing given is lost.
* A participant's own rating has one writer, that person: the side that
  person wrote stands over anyone else's; otherwise ours does.
* Notes: both texts are kept, theirs first, then ours after a line naming
  who wrote it (:func:`join_notes`). Where both added lines to the same
  earlier note, the earlier lines appear once. Only if the joined text would
  be longer than ``MAX_NOTE_CHARS`` is ours the note and theirs kept beside
  it in the file (``NOTE_SET_ASIDE``), and the conflict says so.
  Clearing a note loses to writing one.
* ``carried``: a confirmation (carried -> not carried) on either side wins;
  it is not a conflict. ``revealed`` likewise: an early reveal stands, and
  for two reveals at once ``revealed_before`` names everyone either side
  recorded as not rated yet.
* Participants: additions from both sides are kept and removals from both
  sides applied (disk order first, then our additions); not a conflict.
* ``updated``: the later of the two; ``created`` never changes.

When the merged ratings of a criterion come from both sides (each writer
added one), the model's rule "every participant rated and all agree -> that
is the agreed score" is applied, unless a side changed the agreed score.

Laws the tests check: ``merge(b, x, b) == x``, ``merge(b, b, y) == y``,
``merge(b, x, x) == x``, and merging with the sides swapped keeps the same
set of texts and values, only the winner of a conflict changes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from meshtui.model import MAX_NOTE_CHARS, Answer, Session

#: The key (in the answer's table) of a note too long to join with ours: kept
#: in the file, never shown as the note, named in the conflict's message.
NOTE_SET_ASIDE = "note_set_aside"

#: The writer when nobody can be named (no other program was seen editing).
SOMEONE = "Someone else"

#: Field names used in conflicts (and how they are phrased).
SCORE = "score"
NOTE = "note"
TARGET = "target"
RATING = "rating"
NAME = "name"
ORGANIZATION = "organization"
PREVIOUS = "previous"
BLIND = "blind"
EXTRA = "extra"

#: A criterion nobody answered (only read and compared, never handed out).
_NO_ANSWER = Answer()

_FIELD_WORDS = {
    SCORE: "the agreed score",
    NOTE: "the note",
    TARGET: "the target",
    NAME: "the session name",
    ORGANIZATION: "the organization",
    PREVIOUS: "the previous session",
    BLIND: "blind rating",
}


@dataclass(frozen=True)
class Conflict:
    """One field both writers changed to different values at once.

    ``ours`` is what this program wrote, ``theirs`` what it found on disk,
    ``base`` what both started from, ``kept`` what the merged session holds
    (for notes, the joined text). ``ours_by`` names this program's writer (a
    participant, or "facilitator"). ``theirs_by`` says who wrote the value on
    disk as far as it can be told (:func:`one_of`): one name, "Ben or Cleo"
    when it was one of several, None when nobody can be named.
    """

    field: str
    base: Any
    ours: Any
    theirs: Any
    kept: Any
    ours_by: str
    theirs_by: str | None = None
    #: The criterion for answer fields; None for session fields.
    criterion_id: str | None = None
    #: Whose rating, for RATING; the unknown key, for EXTRA.
    key: str | None = None

    @property
    def ours_stands(self) -> bool:
        return bool(self.kept == self.ours)

    @property
    def theirs_stands(self) -> bool:
        return bool(self.kept == self.theirs)

    def what(self, title: Callable[[str], str] = str) -> str:
        """The field in words, e.g. "the agreed score on Executive support"."""
        return field_words(self.field, self.criterion_id, self.key, title)

    def told_to_us(self, title: Callable[[str], str] = str) -> str:
        """The line for the writer who saved second (``ours``)."""
        other = self.theirs_by or SOMEONE
        what = self.what(title)
        if self.field == NOTE and not (self.ours_stands or self.theirs_stands):
            return f"{other} wrote {what} at the same time: both texts are kept."
        if self.field == NOTE and self.ours_stands:
            return (
                f"{other} wrote {what} at the same time; both are too long to join, "
                f"so theirs is kept beside it as '{NOTE_SET_ASIDE}'."
            )
        if self.ours_stands:
            return (
                f"{other} set {what} to {_shown(self.theirs)} at the same time; "
                f"yours, {_shown(self.ours)}, stands."
            )
        if _blank(self.ours):
            return f"{other} set {what} to {_shown(self.theirs)} at the same time: not cleared."
        # (Only a rating can stand over a value of ours: its owner's.)
        return (
            f"{other} set {what} to {_shown(self.theirs)} at the same time; "
            f"it is {self.key}'s to set, so your {_shown(self.ours)} is not kept."
        )

    def told_to_them(self, title: Callable[[str], str] = str) -> str:
        """The line for the other writer (``theirs``), whose value was on disk first,
        e.g. "Ben changed the agreed score from 3 to 4"."""
        what = self.what(title)
        if self.field == NOTE and not (self.ours_stands or self.theirs_stands):
            return f"{self.ours_by} wrote {what} at the same time: both texts are kept."
        if self.field == NOTE and self.ours_stands:
            return (
                f"{self.ours_by} wrote {what} at the same time; both are too long to join, "
                f"so yours is kept beside it as '{NOTE_SET_ASIDE}'."
            )
        if self.ours_stands:
            return (
                f"{self.ours_by} changed {what} from {_shown(self.theirs)} to {_shown(self.ours)}."
            )
        if _blank(self.ours):
            return (
                f"{self.ours_by} cleared {what} at the same time; "
                f"yours, {_shown(self.theirs)}, is kept."
            )
        return (
            f"{self.ours_by} set {what} to {_shown(self.ours)} at the same time; "
            f"yours, {_shown(self.theirs)}, stands: it is yours to set."
        )


def field_words(
    name: str, criterion_id: str | None, key: str | None, title: Callable[[str], str] = str
) -> str:
    """A field in words: "the agreed score on Executive support", "Ana's rating on ..."."""
    if name == RATING:
        words = f"{key}'s rating"
    elif name == EXTRA:
        words = f"'{key}'"
    else:
        words = _FIELD_WORDS[name]
    return f"{words} on {title(criterion_id)}" if criterion_id else words


def one_of(names: Collection[str]) -> str | None:
    """Who made a change, when it was one of ``names`` and no more can be told:
    "Ben", "Ben or Cleo", "Ana, Ben or Cleo" (in alphabetical order); None for
    nobody. Never one name picked out of several."""
    ordered = sorted(set(names))
    if not ordered:
        return None
    if len(ordered) == 1:
        return ordered[0]
    return f"{', '.join(ordered[:-1])} or {ordered[-1]}"


def describe_changes(
    before: Session,
    after: Session,
    *,
    mine: str,
    by: str | None,
    title: Callable[[str], str] = str,
) -> list[str]:
    """What someone else's saves changed that this program's user should be told,
    e.g. "Ben changed the agreed score on Executive support from 3 to 4".

    Told: a value that was set and is now different (the agreed score, the
    target, the session's name and organization, this user's own rating), and
    a note whose earlier text was changed rather than added to. Not told: first
    values and added lines (they simply appear), and others' own ratings (a
    blind session must not announce them).
    """
    who = by or SOMEONE
    told: list[str] = []

    def changed(
        name: str, old: Any, new: Any, cid: str | None = None, key: str | None = None
    ) -> None:
        if not _blank(old) and old != new:
            words = field_words(name, cid, key, title)
            told.append(f"{who} changed {words} from {_shown(old)} to {_shown(new)}.")

    changed(NAME, before.name, after.name)
    changed(ORGANIZATION, before.organization, after.organization)
    for cid in _union_keys(before.answers, after.answers):
        old, new = before.answers.get(cid, Answer()), after.answers.get(cid, Answer())
        changed(SCORE, old.score, new.score, cid)
        changed(TARGET, old.target, new.target, cid)
        changed(RATING, old.ratings.get(mine), new.ratings.get(mine), cid, mine)
        if old.note and not new.note.startswith(old.note):
            told.append(f"{who} rewrote {field_words(NOTE, cid, None, title)}.")
    return told


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _shown(value: Any) -> str:
    if _blank(value):
        return "nothing"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "nobody"
    return str(value)


@dataclass
class MergeResult:
    session: Session
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class _Merger:
    ours_by: str
    theirs_by: str | None
    #: Who else may have written the file (when ``theirs_by`` cannot be told).
    others: frozenset[str] = frozenset()
    conflicts: list[Conflict] = field(default_factory=list)
    #: Criterion -> their note, where the two notes were too long to join.
    set_aside: dict[str, str] = field(default_factory=dict)

    @property
    def theirs_named(self) -> str | None:
        """Who wrote the file's side, for the conflicts: the writer if known,
        else whichever of the others it was ("Ben or Cleo")."""
        return self.theirs_by or one_of(self.others)

    def value(
        self,
        name: str,
        base: Any,
        ours: Any,
        theirs: Any,
        *,
        criterion_id: str | None = None,
        key: str | None = None,
        theirs_wins: bool = False,
    ) -> Any:
        """The three-way rule for one value; records a conflict when both changed it."""
        if not _both_changed(base, ours, theirs):
            return ours if theirs == base else theirs
        # Whoever set a value beats whoever cleared it: nothing given is lost.
        kept = theirs if theirs_wins or ours is None else ours
        self.conflicts.append(
            Conflict(
                name, base, ours, theirs, kept, self.ours_by, self.theirs_named, criterion_id, key
            )
        )
        return kept

    def mapping(
        self,
        name: str,
        base: Mapping[str, Any],
        ours: Mapping[str, Any],
        theirs: Mapping[str, Any],
        *,
        criterion_id: str | None = None,
        theirs_wins: Callable[[str], bool] = lambda _key: False,
    ) -> dict[str, Any]:
        """Key by key; a missing key is None (and a None result drops the key)."""
        merged: dict[str, Any] = {}
        for key in _union_keys(theirs, ours, base):
            value = self.value(
                name,
                base.get(key),
                ours.get(key),
                theirs.get(key),
                criterion_id=criterion_id,
                key=key,
                theirs_wins=theirs_wins(key),
            )
            if value is not None:
                merged[key] = value
        return merged

    def note(self, criterion_id: str, base: str, ours: str, theirs: str) -> str:
        if not _both_changed(base, ours, theirs):
            return ours if theirs == base else theirs
        kept = join_notes(base, ours, theirs, self.ours_by)
        if len(kept) > MAX_NOTE_CHARS:
            kept = ours
            self.set_aside[criterion_id] = theirs
        self.conflicts.append(
            Conflict(NOTE, base, ours, theirs, kept, self.ours_by, self.theirs_named, criterion_id)
        )
        return kept

    def answer(self, criterion_id: str, base: Answer, ours: Answer, theirs: Answer) -> Answer:
        def rating_owner_is_theirs(person: str) -> bool:
            if person == self.ours_by:
                return False
            return person == self.theirs_by or (self.theirs_by is None and person in self.others)

        ratings = self.mapping(
            RATING,
            base.ratings,
            ours.ratings,
            theirs.ratings,
            criterion_id=criterion_id,
            theirs_wins=rating_owner_is_theirs,
        )
        score = self.value(SCORE, base.score, ours.score, theirs.score, criterion_id=criterion_id)
        # A confirmation (carried -> not carried) on either side wins.
        carried = (
            ours.carried and theirs.carried if base.carried else ours.carried or theirs.carried
        )
        note = self.note(criterion_id, base.note, ours.note, theirs.note)
        extra = self.mapping(EXTRA, base.extra, ours.extra, theirs.extra, criterion_id=criterion_id)
        if criterion_id in self.set_aside:
            extra[NOTE_SET_ASIDE] = self.set_aside[criterion_id]
        # Revealing early cannot be undone: either side's reveal stands. Two
        # reveals at once: everyone either side saw as not rated yet is named.
        revealed = ours.revealed if theirs.revealed == base.revealed else theirs.revealed
        revealed_before = (
            ours.revealed_before
            if theirs.revealed_before == base.revealed_before
            else theirs.revealed_before
            if ours.revealed_before == base.revealed_before
            else tuple(dict.fromkeys((*theirs.revealed_before, *ours.revealed_before)))
        )
        return Answer(
            revealed=revealed,
            revealed_before=revealed_before,
            score=score,
            note=note,
            ratings=ratings,
            target=self.value(
                TARGET, base.target, ours.target, theirs.target, criterion_id=criterion_id
            ),
            carried=carried,
            extra=extra,
        )


def _both_changed(base: Any, ours: Any, theirs: Any) -> bool:
    """Both sides changed a value, and not to the same thing: a conflict."""
    return bool(ours != base and theirs != base and ours != theirs)


def _union_keys(*mappings: Mapping[str, Any]) -> list[str]:
    """Keys of all mappings, in first-seen order (deterministic)."""
    return list(dict.fromkeys(key for mapping in mappings for key in mapping))


def join_notes(base: str, ours: str, theirs: str, ours_by: str) -> str:
    """Both texts of a note written twice at once: theirs, then ours after a line
    saying who wrote it. An empty text adds nothing; an earlier note that both
    added lines to is kept once."""
    if not ours:
        return theirs
    if not theirs:
        return ours
    # Lines both appended to the same note: the earlier lines are shown once
    # (whole lines only, so a sentence is never cut in two).
    appended = bool(base) and ours.startswith(base + "\n") and theirs.startswith(base)
    added = ours[len(base) + 1 :] if appended else ours
    return f"{theirs}\n\n[{ours_by}, at the same time:]\n{added}"


def merge_participants(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Theirs in their order, minus those we removed, plus those we added."""
    if ours == base:
        return list(theirs)
    if theirs == base:
        return list(ours)
    removed = set(base) - set(ours)
    merged = [person for person in theirs if person not in removed]
    merged += [person for person in ours if person not in base and person not in merged]
    return merged


def _later(base: datetime, ours: datetime, theirs: datetime) -> datetime:
    """The changed side's time; the later one if both changed."""
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    return max(ours, theirs)


def _settle(answer: Answer, participants: list[str]) -> Answer:
    """The model's rule: every participant rated and all agree -> the agreed score."""
    everyone = participants or sorted(answer.ratings)
    values = {answer.ratings.get(person) for person in everyone}
    if len(values) == 1 and None not in values:
        return replace(answer, score=values.pop(), carried=False)
    return answer


def merge(
    base: Session,
    ours: Session,
    theirs: Session,
    *,
    ours_by: str,
    theirs_by: str | None = None,
    others: frozenset[str] = frozenset(),
) -> MergeResult:
    """Merge ``ours`` (this program's edits since ``base``) into ``theirs`` (the
    file now). The result is a new session; the inputs are not changed. (It may
    share an answer with an input: answers are values, which the model replaces
    on every edit and never changes in place.)

    ``theirs_by`` names who wrote the file's changes when that is known;
    otherwise ``others`` lists who may have (a participant among them wrote
    their own rating, so theirs stands), and the conflicts name them all
    ("Ben or Cleo")."""
    merger = _Merger(ours_by, theirs_by, others)
    participants = merge_participants(base.participants, ours.participants, theirs.participants)
    answers: dict[str, Answer] = {}
    for criterion_id in _union_keys(theirs.answers, ours.answers, base.answers):
        base_answer, our_answer, their_answer = (
            session.answers.get(criterion_id, _NO_ANSWER) for session in (base, ours, theirs)
        )
        if our_answer == base_answer or their_answer == base_answer:
            # Only one side changed it (most criteria, most saves): that side's
            # answer as it is, which is what the field-by-field rule gives.
            changed = their_answer if our_answer == base_answer else our_answer
            if changed != _NO_ANSWER:
                answers[criterion_id] = changed
            continue
        answer = merger.answer(criterion_id, base_answer, our_answer, their_answer)
        mixed = answer.ratings not in (our_answer.ratings, their_answer.ratings)
        score_untouched = our_answer.score == base_answer.score == their_answer.score
        if mixed and score_untouched:
            answer = _settle(answer, participants)
        if answer != _NO_ANSWER:
            answers[criterion_id] = answer
    return MergeResult(
        Session(
            name=merger.value(NAME, base.name, ours.name, theirs.name),
            created=ours.created if theirs.created == base.created else theirs.created,
            updated=_later(base.updated, ours.updated, theirs.updated),
            organization=merger.value(
                ORGANIZATION, base.organization, ours.organization, theirs.organization
            ),
            participants=participants,
            answers=answers,
            previous=merger.value(PREVIOUS, base.previous, ours.previous, theirs.previous),
            extra=merger.mapping(EXTRA, base.extra, ours.extra, theirs.extra),
            blind=merger.value(BLIND, base.blind, ours.blind, theirs.blind),
        ),
        merger.conflicts,
    )
