"""Propose facts for a document, sentence by sentence: quotes with speakers, reported speech, events.

Pure functions over the text: the document, the entities and the publication day in, typed proposals out.
Each proposal carries its evidence (the sentence, located by offsets) and a note saying what a curator must
check; nothing is proposed from page furniture or from a headline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import FUTURE, DateContext, DateMention, find_dates
from .lexicon import EventWords, lexicon
from .mentions import ACTOR, PLACE, Candidate, EntityIndex, Mention
from .quantities import Figure, find_figures
from .quotes import Quote, find_quotes
from .sentences import Sentence, split_sentences
from .text import fold, slugify

#: How far before publication an undated fact may lie when the text names no earlier day (and no
#: ``--not-before`` is given): a range, never one day that would read as a date the text gives.
UNDATED_DAYS = 7
_PRONOUN = re.compile(r"\b(he|she)\b", re.IGNORECASE)
_DEFINITE = re.compile(r"\bthe\s+(\w+)\s*$|^\s*the\s+(\w+)\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
#: A wire report's dateline at the head of its first sentence: "ANKARA (Agency) - ".
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:\([^)]*\))?\s*[-–—]+\s*")
#: Words that make the event word after them the topic of another ("talks on joint patrols").
_TOPIC = re.compile(r"\b(?:on|about|over|regarding|concerning)\s+(?:\w+\s+){0,2}$")


@dataclass(frozen=True)
class Evidence:
    """Hold one evidence quote of a proposal: its exact words and where they start in the document."""

    quote: str
    start: int


@dataclass(frozen=True)
class Dating:
    """Hold a proposal's time: a day, a range of days, or a whole period from a day; and how it was found."""

    earliest: dt.date
    latest: dt.date
    period: bool
    note: str

    @property
    def exact(self) -> dt.date | None:
        """Return the day when the time is one day."""
        return self.earliest if self.earliest == self.latest and not self.period else None


@dataclass
class StatementProposal:
    """Hold a proposed statement: a direct quote (verbatim) or reported speech (paraphrase)."""

    speaker: str
    dating: Dating
    text: str
    text_kind: str  # verbatim | paraphrase
    about: list[str]
    evidence: Evidence
    review: str
    id: str = ""


@dataclass
class EventProposal:
    """Hold a proposed event account: its type from the lexicon, reporter, time, status, count, actors."""

    type: str
    label: str
    reported_by: str
    dating: Dating
    status: str
    evidence: Evidence
    review: str
    count: int | dict[str, int | str] | None = None
    casualties: list[dict[str, object]] = field(default_factory=list)
    place: str | None = None
    participants: list[str] = field(default_factory=list)
    perpetrators: list[str] = field(default_factory=list)
    id: str = ""


@dataclass
class Proposals:
    """Hold everything proposed for one document, and the sentences and names it was drawn from."""

    sentences: list[Sentence]
    statements: list[StatementProposal]
    events: list[EventProposal]
    mentions: list[Mention]
    candidates: list[Candidate]


@dataclass(frozen=True)
class DraftOptions:
    """Hold what the drafting of one document needs besides its text."""

    publisher: str
    published_earliest: dt.date
    published_latest: dt.date
    not_before: dt.date | None = None


def _words_at(folded: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Return the spans of whole-word occurrences of any of ``words`` (already folded) in ``folded``."""
    spans: list[tuple[int, int]] = []
    for word in words:
        pattern = r"\b" + r"\s+".join(map(re.escape, word.split())) + r"\b"
        spans.extend(match.span() for match in re.finditer(pattern, folded))
    return sorted(spans)


@dataclass
class _State:
    """Hold what the reading so far tells the next sentence: the last day, person, speaker, mentions."""

    context: DateContext
    last_person: Mention | None = None
    recent: list[Mention] = field(default_factory=list)
    last_statement: StatementProposal | None = None
    paragraph: int = -1
    paragraph_dating: Dating | None = None


class Drafter:
    """Read one document sentence by sentence and propose its facts."""

    def __init__(
        self, text: str, index: EntityIndex, options: DraftOptions, furniture: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.text = text
        self.index = index
        self.options = options
        self.furniture = furniture
        self.words = lexicon()

    # -- the reading --------------------------------------------------------------------------------------

    def propose(self) -> Proposals:
        """Return the proposals for the whole document."""
        sentences = split_sentences(self.text, self.furniture)
        state = _State(DateContext(self.options.published_latest, None, self.options.not_before))
        self.undated = self._undated(sentences)
        statements: list[StatementProposal] = []
        events: list[EventProposal] = []
        mentions: list[Mention] = []
        candidates: list[Candidate] = []
        for sentence in sentences:
            found = named = self.index.find(sentence.text, offset=sentence.start)
            mentions.extend(found)
            dateline = _DATELINE.match(sentence.text)
            # "ANKARA (Invented Agency) - ": where and by whom it was filed, no actor of the story
            if dateline:
                found = [m for m in found if m.start >= sentence.start + dateline.end()]
            if sentence.paragraph != state.paragraph:
                state.paragraph, state.paragraph_dating = sentence.paragraph, None
            if sentence.headline:
                state.recent.extend(found)
                continue
            candidates.extend(self.index.candidates(sentence.text, named, offset=sentence.start))
            dates = find_dates(sentence.text, state.context, offset=sentence.start)
            figures = [
                f
                for f in find_figures(sentence.text, offset=sentence.start)
                if not any(f.start < d.end and d.start < f.end for d in dates)
            ]
            quotes = find_quotes(sentence.text, offset=sentence.start)
            new_statements = self._quoted(sentence, quotes, found, dates, state)
            reporter, said = self._attribution(sentence, quotes, found, state)
            new_events = self._events(
                sentence, quotes, new_statements, found, dates, figures, reporter, state
            )
            if not quotes and reporter is not None and said is not None:
                speech = self._reported_speech(sentence, reporter, said, found, dates, new_events, state)
                if speech is not None:
                    new_statements.append(speech)
            statements.extend(new_statements)
            events.extend(new_events)
            if new_statements:
                state.last_statement = new_statements[-1]
            own = self._own_dating(dates)
            if own is not None:
                state.paragraph_dating = own
            exact = [d.exact for d in dates if d.exact is not None and not d.period]
            if exact:
                state.context = dataclasses.replace(state.context, last_day=exact[-1])
            state.recent.extend(found)
            people = [m for m in found if m.entity.kind == "Person" and not m.demonym]
            if people:
                state.last_person = people[-1]
        self._name(statements, events)
        return Proposals(sentences, statements, events, mentions, _first_of_each(candidates))

    # -- dates --------------------------------------------------------------------------------------------

    def _undated(self, sentences: Sequence[Sentence]) -> Dating:
        """Return the time of a fact the text gives no date.

        From the case's start (``not_before``), or else the earliest day the text names, to publication.
        """
        latest = self.options.published_latest
        if self.options.not_before is not None:
            start, why = self.options.not_before, "the case's start (--not-before)"
        else:
            context = DateContext(latest)
            days = [
                d.exact
                for s in sentences
                if not s.headline
                for d in find_dates(s.text, context)
                if d.exact is not None and d.exact <= latest
            ]
            start, why = (
                (min(days), "the earliest day the text names")
                if days
                else (self.options.published_earliest, "the publication day")
            )
        if start >= latest:  # one day would read as a date the text gives: a week before instead
            start, why = latest - dt.timedelta(days=UNDATED_DAYS), f"{UNDATED_DAYS} days before publication"
        return Dating(
            start,
            latest,
            False,
            f"not dated in the text: from {start.isoformat()} ({why}) to the "
            f"publication day {latest.isoformat()}",
        )

    def _said(self, dating: Dating) -> Dating:
        """Return the time of a statement: said on a day, so a period ("since February") is a range."""
        if not dating.period:
            return dating
        return Dating(dating.earliest, self.options.published_latest, False, dating.note)

    @staticmethod
    def _dating(mention: DateMention) -> Dating:
        return Dating(mention.earliest, mention.latest, mention.period, mention.note)

    def _own_dating(self, dates: Sequence[DateMention]) -> Dating | None:
        return self._dating(dates[0]) if dates else None

    def _inherited(self, state: _State, speaker: str | None = None) -> Dating:
        """Return the time of a sentence without a date: the paragraph's, the same speaker's, or undated."""
        if state.paragraph_dating is not None:
            told = state.paragraph_dating
            return dataclasses.replace(told, note=f"from the sentence before in the paragraph: {told.note}")
        last = state.last_statement
        if speaker is not None and last is not None and last.speaker == speaker and last.dating.exact:
            prefix = "the same speaker's remarks before: "
            note = last.dating.note if last.dating.note.startswith(prefix) else prefix + last.dating.note
            return dataclasses.replace(last.dating, note=note)
        return self.undated

    @staticmethod
    def _nearest(
        dates: Sequence[DateMention], at: int, *, outside: Sequence[Quote] = ()
    ) -> DateMention | None:
        """Return the date phrase nearest to offset ``at``, leaving out those inside ``outside`` quotes."""
        usable = [d for d in dates if not any(q.start <= d.start < q.end for q in outside)]
        if not usable:
            return None
        return min(usable, key=lambda d: min(abs(d.start - at), abs(d.end - at)))

    # -- speakers -----------------------------------------------------------------------------------------

    def _resolve_subject(
        self, part: str, part_start: int, found: Sequence[Mention], state: _State, *, last: bool
    ) -> tuple[str, str] | None:
        """Return the speaker named in one part of a sentence (an actor, "he"/"she", "the ministry"), and how.

        ``last`` takes the mention nearest the end of the part (the subject right before "said"), else the
        first one (the subject right after a quote).
        """
        end = part_start + len(part)
        asides = [(part_start + a.start(), part_start + a.end()) for a in re.finditer(r"\([^)]*\)", part)]
        inside = [
            m
            for m in found
            if part_start <= m.start < end
            and not m.demonym
            and m.entity.section == ACTOR
            and not any(
                a_start <= m.start < a_end for a_start, a_end in asides
            )  # "(part of …)" is no subject
        ]
        pronoun = _PRONOUN.search(part)
        if inside:
            chosen = inside[-1] if last else inside[0]
            if not (pronoun and part_start + pronoun.start() < chosen.start):
                return chosen.entity.id, f"named in the attribution ({chosen.entity.name})"
        if pronoun and state.last_person is not None:
            person = state.last_person.entity
            return person.id, f"{pronoun.group(1)!r} read as the last person named before, {person.name}"
        definite = _DEFINITE.search(part.split(",")[-1] if last else part)
        noun = next((g for g in definite.groups() if g), None) if definite else None
        if noun:
            wanted = fold(noun).text.strip()
            for mention in reversed(state.recent + list(found)):
                if mention.entity.section == ACTOR and wanted in fold(mention.entity.name).text.split():
                    return (
                        mention.entity.id,
                        f"'the {noun}' read as the last one named, {mention.entity.name}",
                    )
        return None

    def _speech_verb(self, folded: str) -> tuple[int, int] | None:
        spans = _words_at(folded, self.words.speech_verbs)
        return spans[0] if spans else None

    def _quoted(
        self,
        sentence: Sentence,
        quotes: Sequence[Quote],
        found: Sequence[Mention],
        dates: Sequence[DateMention],
        state: _State,
    ) -> list[StatementProposal]:
        """Return a verbatim statement for each direct quote whose speaker the sentence (or story) tells."""
        statements: list[StatementProposal] = []
        for number, quote in enumerate(quotes):
            head_start = quotes[number - 1].end if number else sentence.start
            tail_end = quotes[number + 1].start if number + 1 < len(quotes) else sentence.end
            head = self.text[head_start : quote.start]
            tail = self.text[quote.end : tail_end]
            speaker: tuple[str, str] | None = None
            verb = self._speech_verb(fold(tail).text)
            if verb is not None and verb[0] < 80:
                speaker = self._resolve_subject(tail[: verb[1] + 60], quote.end, found, state, last=False)
            if speaker is None:
                verb = self._speech_verb(fold(head).text)
                if verb is not None and head.rstrip().endswith((":", ",")):
                    speaker = self._resolve_subject(head[: verb[0]], head_start, found, state, last=True)
                    if speaker is None and state.last_person is not None and _PRONOUN.search(head):
                        speaker = (state.last_person.entity.id, "the last person named")
            if speaker is None and statements:
                speaker = (
                    statements[-1].speaker,
                    "no attribution of its own: the speaker of the quote before",
                )
            if speaker is None:
                continue
            speaker_id, how = speaker
            attribution = [d for d in dates if not (quote.start <= d.start < quote.end)]
            dating = self._said(
                self._dating(attribution[0]) if attribution else self._inherited(state, speaker_id)
            )
            about = _ids_of(
                found, exclude={speaker_id, self.options.publisher}, within=(quote.text_start, quote.text_end)
            )
            statements.append(
                StatementProposal(
                    speaker_id,
                    dating,
                    quote.text,
                    "verbatim",
                    about,
                    self._evidence(sentence),
                    f"a direct quote: check the speaker ({how}), the date ({dating.note}) and what it is "
                    "about; the text is the quote's words, which must stay exactly as in the document",
                )
            )
        return statements

    def _attribution(
        self, sentence: Sentence, quotes: Sequence[Quote], found: Sequence[Mention], state: _State
    ) -> tuple[str | None, tuple[int, int, str] | None]:
        """Return who the sentence's words outside quotes come from, and where the speech verb stands.

        "According to X", "X said (that)", "…, the ministry said", "X reported that": the reporter of the
        sentence's events. The verb's span (document offsets) and folded form say what kind of speech it is.
        """
        if quotes:
            return None, None
        text, start = sentence.text, sentence.start
        according = _ACCORDING.search(text)
        if according:
            after = text[according.end() :]
            stop = re.search(r"[,.;]", after)
            part = after[: stop.start()] if stop else after
            subject = self._resolve_subject(part, start + according.end(), found, state, last=False)
            return (subject[0] if subject else None), (
                start + according.start(),
                start + according.end(),
                "according to",
            )
        folded = fold(text).text
        for verb_start, verb_end in _words_at(folded, self.words.speech_verbs):
            verb = " ".join(folded[verb_start:verb_end].split())
            if verb == "according":
                continue
            before = text[:verb_start]
            clause = before.rsplit(",", 1)
            trailing = len(clause) == 2 and text[verb_end:].strip(" .") == ""
            part = clause[-1] if trailing else before
            subject = self._resolve_subject(part, start + len(before) - len(part), found, state, last=True)
            if subject is not None:
                return subject[0], (start + verb_start, start + verb_end, verb)
        for noun_start, noun_end in _words_at(folded, self.words.speech_nouns):
            before = folded[:noun_start]
            if any(re.search(rf"\b{re.escape(verb)}\b", before) for verb in self.words.noun_verbs):
                subject = self._resolve_subject(text[:noun_start], start, found, state, last=True)
                if subject is not None:
                    return subject[0], (start + noun_start, start + noun_end, "assessment")
        return None, None

    def _reported_speech(
        self,
        sentence: Sentence,
        speaker: str,
        said: tuple[int, int, str],
        found: Sequence[Mention],
        dates: Sequence[DateMention],
        events: Sequence[EventProposal],
        state: _State,
    ) -> StatementProposal | None:
        """Return a paraphrase proposal for "X said that …", "According to X, …", "…, X said"."""
        verb_start, verb_end, verb = said
        text = self.text
        trailing = text[verb_end : sentence.end].strip(" .") == "" or verb == "according to"
        if events and (verb in self.words.reporting_verbs or trailing):
            # "X reported that <an event>", "<an event>, X said", "<an event>, according to X": the event is
            # X's account, the words are its source, no statement of their own
            return None
        if verb == "according to":
            stop = re.search(r",\s*", text[verb_end : sentence.end])
            if text[sentence.start : verb_start].strip(" ,"):
                content = text[sentence.start : verb_start].strip(" ,")
            elif stop:
                content = text[verb_end + stop.end() : sentence.end]
            else:
                return None
        elif verb == "assessment":  # "X gave a positive assessment of …": the sentence from its subject on
            subject = next((m for m in found if m.entity.id == speaker and m.start < verb_start), None)
            content = text[subject.start if subject else sentence.start : sentence.end]
        elif text[verb_end : sentence.end].strip(" .") == "":
            content = text[sentence.start : verb_start].rsplit(",", 1)[0]
        else:
            rest = text[verb_end : sentence.end]
            that = re.search(r"\bthat\b\s*", rest)
            content = rest[that.end() :] if that else rest.lstrip(" :,")
            if that is None and not re.match(r"\s*(?:a|an|the)?\s*\w+", rest):
                return None
        content = content.strip().rstrip(".") + "."
        if len(content.split()) < 3:
            return None
        content = content[0].upper() + content[1:]
        own = self._nearest(dates, verb_start)
        dating = self._said(self._dating(own) if own is not None else self._inherited(state, speaker))
        about = _ids_of(found, exclude={speaker, self.options.publisher})
        return StatementProposal(
            speaker,
            dating,
            content,
            "paraphrase",
            about,
            self._evidence(sentence),
            f"reported speech ({verb!r}): check the speaker, the date ({dating.note}), and put the text in "
            "your own words; drop it if the sentence only reports an event",
        )

    # -- events -------------------------------------------------------------------------------------------

    def _events(
        self,
        sentence: Sentence,
        quotes: Sequence[Quote],
        statements: Sequence[StatementProposal],
        found: Sequence[Mention],
        dates: Sequence[DateMention],
        figures: Sequence[Figure],
        reporter: str | None,
        state: _State,
    ) -> list[EventProposal]:
        """Return an event account for each event type whose words the sentence holds."""
        folded = fold(sentence.text).text
        triggered: dict[str, tuple[EventWords, list[tuple[int, int]]]] = {}
        for words in self.words.events:
            spans = _words_at(folded, words.triggers)
            if spans:
                triggered[words.type] = (words, spans)
        for words, _ in list(triggered.values()):
            for replaced in words.replaces:
                triggered.pop(replaced, None)
        for name, (words, spans) in list(triggered.items()):
            # "talks on joint patrols": the patrols are what the talks are about, no event of their own
            others = [s[0] for other, (_, o_spans) in triggered.items() if other != name for s in o_spans]
            kept = [s for s in spans if not (_TOPIC.search(folded[: s[0]]) and any(o < s[0] for o in others))]
            if kept:
                triggered[name] = (words, kept)
            else:
                del triggered[name]
        events: list[EventProposal] = []
        for words, spans in triggered.values():
            at = sentence.start + spans[0][0]
            quote = next((q for q in quotes if q.start <= at < q.end), None)
            said_by = (
                statements[quotes.index(quote)].speaker if quote and len(statements) == len(quotes) else None
            )
            account_of = said_by or reporter or self.options.publisher
            nearest = self._nearest(dates, at)
            dating = self._dating(nearest) if nearest is not None else self._inherited(state)
            count, casualties, counted = self._count(words, figures, at, sentence)
            status, why = self._status(folded, spans[0][0], dating, sentence, quotes)
            places = [m.entity.id for m in found if m.entity.section == PLACE]
            perpetrators = _either_or(sentence.text, sentence.start, found)
            participants = [
                i
                for i in _ids_of(found, exclude={account_of, self.options.publisher}, sections=(ACTOR,))
                if i not in perpetrators
            ]
            label = (
                f"{words.label}"
                + (f" ({counted})" if counted else "")
                + (f" on {dating.exact.isoformat()}" if dating.exact else "")
            )
            trigger = sentence.text[spans[0][0] : spans[0][1]]
            events.append(
                EventProposal(
                    words.type,
                    label[0].upper() + label[1:],
                    account_of,
                    dating,
                    status,
                    self._evidence(sentence),
                    f"proposed from {trigger!r}: check the type, the reporter "
                    f"({self._reporter_note(account_of)}), the date ({dating.note}), the status ({why})"
                    + (f", the count ({counted})" if counted else "")
                    + "; sort the actors into participants, performed_by, escorted_party or perpetrators, "
                    "and link the provisions it violates, implements or concerns",
                    count,
                    casualties,
                    places[0] if places else None,
                    participants,
                    perpetrators,
                )
            )
        return events

    def _reporter_note(self, reporter: str) -> str:
        if reporter == self.options.publisher:
            return "the publisher: no other source is named"
        return f"{reporter}, to whom the sentence attributes it"

    def _count(
        self, words: EventWords, figures: Sequence[Figure], at: int, sentence: Sentence
    ) -> tuple[int | dict[str, int | str] | None, list[dict[str, object]], str]:
        """Return the event's count, its casualty figures, and the phrases they came from."""
        count: int | dict[str, int | str] | None = None
        phrase = ""
        counted = [f for f in figures if any(w in words.counts for w in f.following[:3])]
        if not counted and words.type == "Hostilities":
            counted = [f for f in figures if f.precision == "times"]
        if counted:
            best = min(counted, key=lambda f: abs(f.start - at))
            count, phrase = best.as_count(), best.phrase
        casualties: list[dict[str, object]] = []
        for figure in figures:
            if not any(word in self.words.people for word in figure.following[:3]):
                continue
            after = fold(self.text[figure.end : min(sentence.end, figure.end + 70)]).text
            for what, casualty_words in self.words.casualty_words.items():
                if _words_at(after, casualty_words):
                    casualties.append({"what": what, "count": figure.as_count()})
                    phrase = ", ".join(p for p in (phrase, f"{figure.phrase} {what}") if p)
                    break
        return count, casualties, phrase

    def _status(
        self, folded: str, trigger: int, dating: Dating, sentence: Sentence, quotes: Sequence[Quote]
    ) -> tuple[str, str]:
        """Return the status of an account and why: denied, conditional, planned, or occurred."""
        before = folded[max(0, trigger - 60) : trigger]
        denied = _words_at(before, self.words.denied)
        if denied:
            return "denied", f"denied: {before[denied[-1][0] : denied[-1][1]]!r} before it"
        if _words_at(folded[:trigger], self.words.conditional):
            return "conditional", "conditional: 'if' before it"
        at = sentence.start + trigger
        quote = next((q for q in quotes if q.start <= at < q.end), None)
        if quote is not None:  # the quote's own tense
            words = self.text[quote.start : quote.end]
        else:
            words = "".join(
                " " if any(q.start <= sentence.start + i < q.end for q in quotes) else char
                for i, char in enumerate(sentence.text)
            )
        if FUTURE.search(words) or dating.earliest > self.options.published_latest:
            return "planned", "planned: the sentence speaks of the future"
        return "occurred", "occurred: said in the past tense"

    # -- output -------------------------------------------------------------------------------------------

    def _evidence(self, sentence: Sentence) -> Evidence:
        return Evidence(sentence.text, sentence.start)

    def _name(self, statements: Sequence[StatementProposal], events: Sequence[EventProposal]) -> None:
        """Give each proposal an id: an event's from its type and day, a statement's from speaker and text."""
        taken: set[str] = set()

        def unique(base: str) -> str:
            name, number = base, 2
            while name in taken:
                name, number = f"{base}-{number}", number + 1
            taken.add(name)
            return name

        for event in events:
            day = event.dating.exact.isoformat() if event.dating.exact else "undated"
            event.id = unique(f"{slugify(_type_words(event.type))}-{day}")
        for statement in statements:
            statement.id = unique(f"{statement.speaker}-{slugify(statement.text, words=5)}")


def _type_words(name: str) -> str:
    """Return a class name as words: ``CeasefireViolation`` → ``Ceasefire Violation``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name)


def _ids_of(
    found: Sequence[Mention],
    *,
    exclude: set[str],
    within: tuple[int, int] | None = None,
    sections: tuple[str, ...] = (ACTOR, PLACE),
) -> list[str]:
    """Return the ids of the entities of ``sections`` mentioned (in ``within``, if given), once each."""
    ids: list[str] = []
    for mention in found:
        if within is not None and not (within[0] <= mention.start < within[1]):
            continue
        if (
            mention.entity.section in sections
            and mention.entity.id not in exclude
            and mention.entity.id not in ids
        ):
            ids.append(mention.entity.id)
    return ids


def _either_or(text: str, offset: int, found: Sequence[Mention]) -> list[str]:
    """Return the two candidates of "either X or Y" when both are known actors (one of them did it)."""
    match = re.search(r"\beither\b(.+?)\bor\b(.+?)(?:[,.;]|$)", text)
    if not match:
        return []
    ids: list[str] = []
    for group in (1, 2):
        start, end = match.start(group) + offset, match.end(group) + offset
        inside = [m for m in found if start <= m.start < end and m.entity.section == ACTOR and not m.demonym]
        if not inside:
            return []
        ids.append(inside[0].entity.id)
    return ids


def _first_of_each(candidates: Sequence[Candidate]) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for candidate in candidates:
        seen.setdefault(candidate.name, candidate)
    return list(seen.values())
