"""The value a question asks for, and the finder that reads it from a sentence.

"Paljonko … sai tukea?" asks for an amount of money, "Mikä on … tukiprosentti?" for a
percentage, "Kuinka monta nuorta …?" for a count of young people, "Minä päivänä …?" for a day,
"Kuka on yhteyshenkilö?" for a contact's name, "Ketkä rahoittajat …?" for named bodies.
:func:`value_finder` reads the question for that kind and returns the finder (from
:mod:`.values`, or one of the finders here for spans, contacts, bodies and labelled sums) that
:mod:`.passages` runs over the candidate sentences. The question patterns the passages also
read (a period, "kenen kanssa", who may apply) are kept here beside the finders that use them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from aluehaku.analysis.gazetteer import find_organisations
from aluehaku.analysis.lemmatize import readings, word_classes
from aluehaku.analysis.text import lemma_set, lemmas, words

from .agreement import SHARE_WORDS
from .answer_type import ORGANISATION_HEADS, PERSON_HEADS, head_names, is_agent_noun
from .meetings import CLOCK_WORDS, DAY
from .organisations import company_values, organisation_values
from .question import ASKS_CONTACT, CONTACT_LINE_WORDS, Question
from .terms import (
    Term,
    bag_of,
    finite_verbs,
    match,
    names_a_person,
    question_terms,
    role_terms,
)
from .values import (
    Value,
    clock_values,
    count_values,
    counted_noun,
    date_values,
    event_clause_values,
    figure_row_values,
    fraction_values,
    matched_values,
    money_values,
    percent_values,
    person_values,
    quantity_values,
    relative_time_values,
    shares,
)

_MONEY_WORDS = re.compile(
    r"euro(?!opp)|raha|budjet|kustannu|rahoitu|tuki|tuke|tuen|avustu|maks[aeou]|hinta|määrärah|investoin|"
    r"myönn|myönt|summa|arvo",
    re.IGNORECASE,
)
#: Verbs and nouns of a change, which may be told as a percentage.
_CHANGE_WORDS = re.compile(
    r"\b(?:kasv|nous|lask|vähen|lisäänty|pienen|supist|kutistu|muuttu)\w*",
    re.IGNORECASE,
)
#: A change asked by what is done to a figure: "Paljonko veroa korotetaan?", "… erotus".
_CHANGE_ASKED = re.compile(
    r"\b(?:korot|alen|nost|leikat|leikkau|muuto|muutt|ero\b|eron|erotu|enemmän|vähemmän)\w*",
    re.IGNORECASE,
)
#: Percentage points: a difference of two percentages, never a level.
_POINTS = re.compile(r"prosenttiyksik|%-?yks", re.IGNORECASE)
_UNIT_WORDS = re.compile(
    r"prosent|%|wh\b|watt|tonni|kilo|metri|hehtaari|litra|henkilö|työpaik|kaasu|energia|sähkö|"
    r"lämpö|tuotan|kapasiteet|pinta-ala|neliö|pituu|määrä|matka|etäisyy|kaukana",
    re.IGNORECASE,
)
_PERCENT_WORDS = re.compile(r"prosent|%", re.IGNORECASE)
#: "Kuinka suuri osa …?", "Kuinka suuren osan …?": a share of a whole.
_SHARE_ASKED = re.compile(r"\b(?:kuinka|miten)\s+(?:suuri|suuren|iso|ison)\s+osa(?:n)?\b", re.I)
#: A sum of money as the whole a share is taken of: "kokonaisbudjetista", "rahoituksesta".
_OF_MONEY = re.compile(
    r"\b\w*(?:budjetista|rahoituksesta|rahasta|summasta|määrärahasta|tuesta|avustuksesta)\b",
    re.IGNORECASE,
)
#: A plural elative, the things a share is taken of: "valmentautujista", "yrityksistä".
_OF_THINGS = re.compile(r"\b\w{3,}(?:ista|istä)\b", re.IGNORECASE)
#: "… kustannuksista", "… kuluista": the whole a share is taken of.
_OF_THE_COSTS = re.compile(
    # "… enimmäismäärä suhteessa hankkeen kokonaiskustannuksiin": a ratio to the costs.
    r"\b\w*(?:kustannuksista|kuluista)\b|\bsuhteessa\s+(?:\w+\s+){0,2}\w*(?:kustannuksiin|kuluihin)\b",
    re.IGNORECASE,
)
#: Words that ask for a sum of money, never a share ("Paljonko …", "Minkä summan …").
_SUM_WORDS = re.compile(
    r"\bpaljon|\bsumm|euro(?!opp)|budjet|kustannu|hint|määrärah|\bmaks[aeou]", re.IGNORECASE
)
#: An age asked: "Minkä ikäisille …", "ikäraja", "Kuinka vanhoja …" (not "Ikäihmisten
#: viriketupa" or "vanhusneuvosto", which name people, not their age).
_AGE_WORDS = re.compile(
    r"\bikäis|\bikäinen\b|\bikäraj|\bikävuo|\bminkä\s+ikä|\bkuinka\s+vanh|\bikä(?:ä|nsä)?\b",
    re.IGNORECASE,
)
PERIOD_WORDS = re.compile(
    r"toteutusai|hankeai|aikataulu|toteutetaan|toteutettiin|kest|kesto|voimassa|mille\s+ajalle",
    re.IGNORECASE,
)
#: A line that is only a period, perhaps under its label: "Toteutusaika: 1.11.2023–31.12.2024".
PERIOD_LINE = re.compile(
    r"(?:(?:toteutusaika|hankeaika|projektiaika|toiminta-aika|kesto|aikataulu)\s*:?\s*)?"
    r"\d{1,2}\.\d{1,2}\.(?:\d{4})?\s*[–—−-]\s*\d{1,2}\.\d{1,2}\.\d{4}\.?",
    re.IGNORECASE,
)
#: … and for the day as well ("Milloin ja mihin aikaan …").
_DAY_WORDS = re.compile(r"\bmilloin\b|päivä", re.IGNORECASE)
#: A contact line: "Lisätietoja: …", "Lisätiedot antaa …", "Yhteyshenkilö: …".
CONTACT_LABEL = re.compile(rf"^\W*(?:{CONTACT_LINE_WORDS})\b", re.IGNORECASE)
_CONTACT_WORDS = re.compile(
    # "osoite" the noun, not "osoitettu" ("Mihin lahjoitus on osoitettu?" asks for a purpose).
    r"\b(?:mihin|mikä|mistä)\b.*\b(?:\w*osoittee\w*|\w*osoite(?:tta)?\b|sähköpost\w*|puhelinnum\w*|"
    r"verkkosivu\w*|numero\w*)",
    re.IGNORECASE,
)
_CONTACT_RE = re.compile(
    r"[\w.+-]+(?:@|\[at\]|\(at\))[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+|"
    r"(?<!\d)(?:\+358|0)\d{1,3}[ -]?\d{3}[ -]?\d{2,4}(?:[ -]?\d{2,4})?(?!\d)"
)


#: A decision-making body or an authority by its name: "I samma båt -ryhmän hallitus",
#: "Uudenmaan ELY-keskus", "kunnanhallitus".
_BODY_NAME = re.compile(
    r"\b(?:[A-ZÄÖÅ][\w-]*\s+){0,3}(?:[A-ZÄÖÅ][\w-]*-)?(?:ELY-keskus|liitto|hallitus|"
    r"valtuusto|lautakunta|jaosto|johtoryhmä|ohjausryhmä|ministeriö|virasto|keskus)\w*",
)


def body_values(sentence: str) -> list[Value]:
    """Authorities and bodies the sentence names (gazetteer organisations first)."""
    found = [Value(m.surface, m.start, m.end) for m in find_organisations(sentence)]
    if found:
        return found
    return matched_values(_BODY_NAME, sentence)


def contact_values(sentence: str) -> list[Value]:
    """E-mail and web addresses and phone numbers."""
    return [
        Value(m.group(0).rstrip(".,"), m.start(), m.end()) for m in _CONTACT_RE.finditer(sentence)
    ]


#: A street address: "Niittykatu 5, 13100 Hämeenlinna", "Juttilantie 1", "Kauppakatu 12 A".
_STREET_RE = re.compile(
    r"\b[A-ZÅÄÖ][a-zåäö-]*(?:katu|tie|kuja|polku|väylä|raitti|tori|kaari|rinne|ranta|puisto|"
    r"aukio|kenttä)\s+\d{1,4}(?:\s?[A-H]\b)?(?:\s*[-–]\s*\d{1,4})?"
    r"(?:,?\s+\d{5}\s+[A-ZÅÄÖ][a-zåäö-]+)?"
)
#: "Mistä osoitteesta toimisto löytyy?", "Mikä on kunnanviraston katuosoite?": a place to go
#: to or to post to, not an e-mail or a web address.
_ASKS_STREET = re.compile(
    r"katuosoit|käyntiosoit|postiosoit|"
    r"osoit\w*\b.*\b(?:toimisto|virasto|kunnantalo|kaupungintalo|sijaitse|löytyy|käy)",
    re.IGNORECASE,
)


#: "Millä lyhenteellä … kutsutaan?", "Mikä on … lyhenne?": an acronym is asked.
_ASKS_ACRONYM = re.compile(r"\blyhente\w*|\blyhenne\b", re.IGNORECASE)
#: An acronym given beside what it stands for: "strategia (ÄES)", "(Smart Specialisation,
#: RIS3)", "toimeenpanosuunnitelmaa (TOPSU)".
_ACRONYM = re.compile(
    r"(?<=[(,\s])(?P<acr>[A-ZÅÄÖ][A-ZÅÄÖ0-9&+-]{0,8}[A-ZÅÄÖ0-9+])(?=\s*\))"
    # "viitataan usein S3-lyhenteellä": the acronym named as one.
    r"|\b(?P<named>[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,8})-lyhente",
)


def acronym_values(sentence: str) -> list[Value]:
    """Acronyms the sentence gives in brackets ("älykkään erikoistumisen strategia (ÄES)") or
    names as such ("S3-lyhenteellä")."""
    out = []
    for m in _ACRONYM.finditer(sentence):
        group = "acr" if m.group("acr") else "named"
        out.append(Value(m.group(group), m.start(group), m.end(group)))
    return out


def street_values(sentence: str) -> list[Value]:
    """Street addresses ("Niittykatu 5, 13100 Hämeenlinna")."""
    return matched_values(_STREET_RE, sentence)


def value_finder(q: Question) -> Callable[[str], list[Value]] | None:
    """The finder of the value ``q`` asks for, or None when it asks for no single value
    (an open, list or yes/no question). An amount or a count the finder does not read may
    stand in a row of key figures ("Kassan riittävyys, pv 91 27")."""
    finder = _finder(q)
    if finder is None or q.kind not in ("amount", "count"):
        return finder
    found = finder
    return lambda s: found(s) or figure_row_values(s)


def _finder(q: Question) -> Callable[[str], list[Value]] | None:
    if q.kind == "amount":
        if _AGE_WORDS.search(q.text):
            return lambda s: (
                age_values(s) or [v for v in quantity_values(s) if "vuo" in v.text.lower()]
            )
        if _PERCENT_WORDS.search(q.text) and (
            not _MONEY_WORDS.search(q.text) or _asks_percent(q.text)
        ):
            if _CHANGE_WORDS.search(q.text) or _CHANGE_ASKED.search(q.text):
                return percent_values
            # "Mikä olisi valtionosuusprosentti?" asks a level: "korotettaisiin 0,71
            # prosenttiyksiköllä" tells a change of it.
            return lambda s: [v for v in percent_values(s) if not _POINTS.search(v.text)]
        if _SHARE_ASKED.search(q.text) and not re.search(r"euroina|euroa|\beuro(?!opp)|€", q.text):
            # "Kuinka suuri osa vastaajista …?", "Kuinka suuren osan kustannuksista …?": a
            # share, in per cent or in words ("yksi kolmasosa", "puolet").
            if _OF_MONEY.search(q.text):
                # "Kuinka suuri osa … kokonaisbudjetista kuului Xamkille?": a share of a sum
                # is told in euros as often as in per cent.
                return lambda s: shares(s) or money_values(s)
            return lambda s: shares(s) or fraction_values(s)
        if _OF_THE_COSTS.search(q.text) and _MONEY_WORDS.search(q.text):
            # "Kuinka suuri on investointituki verottomista kustannuksista?": aid is told as
            # a share of the costs it covers ("35 % hyväksyttävistä kustannuksista").
            return lambda s: shares(s) or money_values(s) or labelled_sum(s)
        share = SHARE_WORDS.search(q.text)
        if share and not re.search(r"euroina|euroa|\beuro(?!opp)", q.text, re.IGNORECASE):
            if not _MONEY_WORDS.search(q.text) and _OF_THINGS.search(q.text):
                # "Kuinka suuri osuus valmentautujista …": a share of people is no sum (an
                # "EAKR-osuus" or an "osuus julkisesta tuesta" is).
                return lambda s: percent_values(s) or fraction_values(s)
            # "Kuinka suuri osuus …": a percentage, else euros.
            return lambda s: percent_values(s) or money_values(s)
        if _MONEY_WORDS.search(q.text) and _SUM_WORDS.search(q.text):
            if _CHANGE_WORDS.search(q.text):
                # "Paljonko koko maan arvonlisäys kasvoi?": a change is told in euros or as
                # a percentage ("kasvoi 1,6 %").
                return lambda s: money_values(s) or labelled_sum(s) or percent_values(s)
            # A budget is not "20 %" of it; a field line may give the sum without its unit.
            return lambda s: money_values(s) or labelled_sum(s)
        if _MONEY_WORDS.search(q.text):
            # "Mikä on … enimmäistuki?", "Kuinka suuri tuki …": aid is given in euros or as a
            # share of the costs.
            return lambda s: money_values(s) or labelled_sum(s) or percent_values(s)
        if _UNIT_WORDS.search(q.text):
            return lambda s: quantity_values(s) or money_values(s)
        return lambda s: money_values(s) or quantity_values(s)
    if q.kind == "time":
        if CLOCK_WORDS.search(q.text):
            # "Mihin kellonaikaan kokous pidettiin?": "Klo 12:45-14:22", not the date.
            if _DAY_WORDS.search(q.text):
                return lambda s: date_values(s) + clock_values(s)
            return clock_values
        if re.search(r"(?:enimmäis|vähimmäis|maksimi|minimi)\w*aika", q.text, re.I):
            # "enimmäistoteutusaika": the longest a project may last is a span, never dates.
            return duration_values
        if re.search(r"kuinka\s+kauan|miten\s+pitkään|kesto|pituinen|pitkä", q.text, re.I):
            return lambda s: duration_values(s) or date_values(s)
        if re.search(r"kuinka\s+usein|mihin\s+mennessä|missä\s+ajassa", q.text, re.I):
            return lambda s: relative_time_values(s) or date_values(s)
        if asks_day(q.text):
            # "Minä päivänä …", "Mikä on … päivämäärä": a year or a month does not answer.
            return lambda s: [v for v in date_values(s) if DAY.search(v.text)]
        # "Hanke kestää 6 kuukautta": a span of time answers when no date does, and a
        # "kun" clause after the asked verb when neither does.
        verbs = finite_verbs(q.text) - {"olla", "voida"}
        return lambda s: (
            date_values(s)
            or relative_time_values(s)
            or duration_values(s)
            or event_clause_values(s, verbs)
        )
    if q.kind == "open" and _ASKS_ACRONYM.search(q.text):
        return acronym_values
    if q.kind == "open" and _CONTACT_WORDS.search(q.text):
        if _ASKS_STREET.search(q.text) and not re.search(r"sähköpost|verkko|www", q.text, re.I):
            return street_values
        return contact_values
    if q.kind == "person":
        led = _LED_BY_ASKED.search(q.text) or _WHOSE_ACT.search(q.text)
        if led:
            # "Kenen johdolla …?" is answered by the genitive before the same postposition:
            # "… tutkijaryhmä Dominique Forayn johdolla".
            word = led.group(1).lower()
            return lambda s: led_by_values(s, word)
        roles = role_terms(question_terms(q))
        asked = lemma_set(q.text)
        subject = bool(_SUBJECT_ASKED.match(q.text))

        def named(found: list[Value], s: str) -> list[Value]:
            # The asked body itself ("Ketkä kuuluvat yhdistyksen hallitukseen?") is no answer.
            found = [v for v in found if not lemma_set(v.text) <= asked]
            return [v for v in found if not (subject and not_the_subject(s, v))]

        def organisations(s: str) -> list[Value]:
            return named(organisation_values(s), s)

        def bodies(s: str) -> list[Value]:
            return named(body_values(s), s)

        if asks_a_body(q.text):
            if any(n.endswith("yhtiö") for n in head_names(q.text)):
                # "Mikä yhtiö on hakenut …?": a company by its legal form; the board that
                # decided on the application is no company.
                return lambda s: [v for v in named(company_values(s), s) if _COMPANY.search(v.text)]
            # "Mikä yhdistys anoi …?", "Mikä taho päättää …?": a body by its name; a person
            # in the sentence (a speaker, a host) is not one.
            return lambda s: organisations(s) or bodies(s)

        if _TO_WHOM.match(q.text):
            # "Kenelle hankkeessa tarjottiin koulutusta?": a person or a body answers in the
            # allative ("Mikael Vainiolle"); a name in another case (the host of a visit, the
            # funder) does not.
            def receivers(s: str) -> list[Value]:
                named = person_values(s) or organisations(s)
                return [v for v in named if _in_case(s, v, "ulkotulento")] or [
                    v for v in allative_phrases(s) if not lemma_set(v.text) <= asked
                ]

            return receivers
        # "Kenen kanssa ohjelma laadittiin?" asks for the partners, not the author.
        with_whom = bool(WITH_WHOM.search(q.text))
        personal = [r for r in roles if not _body_role(r) and (with_whom or names_a_person(r))]
        if personal or ASKS_CONTACT.search(q.text) or ELIGIBILITY.search(q.text):
            # "Ketkä voivat hakea?": a named person may answer, else the sentences say which
            # kinds of actor (a named body in a list of funders does not).
            # "yhteyshenkilö", "puheenjohtaja": a person's office; "Keneltä saa lisätietoja?"
            return person_values

        if any(r.forms & _BODY_ROLES for r in roles) or _BODY_ACT.search(q.text):
            # "Kuka valittiin toteuttajaksi?", "Kuka päättää …?": the answer may be an
            # authority or a decision-making body.
            return lambda s: person_values(s) or organisations(s) or bodies(s)
        if roles:
            # "Kuka toimi … osatoteuttajana?": a role bodies hold, named by a compound, is
            # answered by the organisation in a sentence that names the role itself
            # ("osatoteuttajana Suomen Kuntaliitto"), not by any body near its verb.
            def role_holders(s: str) -> list[Value]:
                told = bag_of(s)
                named = any(match(r, told) >= 1.0 for r in roles)
                return person_values(s) or (organisations(s) if named else [])

            return role_holders
        # "Kuka sai avustuksen?": the answer may be a company or an association.
        return lambda s: person_values(s) or organisations(s)
    if q.kind == "count":
        noun = counted_noun(q)
        if noun is not None and noun.forms & {"prosentti", "prosenttiyksikkö"}:
            # "Kuinka moni prosentti kävijöistä …?" counts per cent: "40 prosenttia kertoi …".
            return percent_values
        if _HOW_MUCH_OF.match(q.text):
            # "Kuinka paljon poistoja … kirjattiin?", "Paljonko ansiotuloveroja siirretään?":
            # a plural partitive after "paljon" is counted, or summed in euros.
            return lambda s: count_values(s, noun) or money_values(s)
        return lambda s: count_values(s, noun)
    return None


#: "Paljonko …", "Kuinka paljon …": a count of a plural noun, or a sum of it.
_HOW_MUCH_OF = re.compile(r"^\W*(?:paljonko|kuinka\s+paljon)\b", re.IGNORECASE)


#: A company's legal form, not an association's ("ry") or a co-operative's.
_COMPANY = re.compile(r"\b(?:Oy|Oyj|OY|Ab|Abp|Ky|Ay|Ltd|Inc|GmbH|Group|Consulting|Tmi)\b")

#: A question whose pronoun is the subject ("Kuka rahoitti …?", "Mikä taho päättää …?"):
#: its answer stands in the nominative, or in the genitive as the agent of a participle.
_SUBJECT_ASKED = re.compile(r"^\W*(?:kuka|ketkä|mikä|mitkä)\b", re.IGNORECASE)
#: What follows a genitive that is an agent, not a modifier: "Liiton rahoittama hanke",
#: "… ja Turun yliopiston toteuttama", "liiton toimesta".
_AGENT_AFTER = re.compile(
    r"^(?:\s+(?:ja|sekä)\s+(?:[\w-]+\s+){0,4}[\w-]+n)?\s+"
    r"(?:[\w-]{3,}(?:ma|mä)(?:a|ä|n|t|ssa|ssä|sta|stä|lle|lla|llä|ksi|na|nä|an|än|ien|in)?"
    r"|toimesta)\b",
    re.IGNORECASE,
)


#: "Kenelle …?", "Keille …?": the receiver, in the allative.
_TO_WHOM = re.compile(r"^\W*(?:kenelle|keille)\b", re.IGNORECASE)


def _cases(word: str) -> set[str]:
    """The cases Voikko reads ``word`` in; a hyphenated name it does not know by its tail
    ("Laurea-ammattikorkeakoulu" is a nominative); empty when it knows neither."""
    found = readings(word) or (readings(word.rsplit("-", 1)[1]) if "-" in word else ())
    return {r.case for r in found}


def _in_case(sentence: str, value: Value, case: str) -> bool:
    """Whether the last word of ``value`` as the sentence writes it can be read in ``case``
    (a word Voikko does not know may be in any)."""
    written = sentence[value.start : value.end].split()
    found = _cases(written[-1]) if written else set()
    return not found or case in found


_WORD = re.compile(r"[\w-]+")


def allative_phrases(sentence: str) -> list[Value]:
    """Runs of words in the allative, with the genitives before them and joined by "ja" /
    "sekä" or commas: "pienille ja keskisuurille yrityksille", "Pirkanmaan kyläasiamiehelle"
    — whom something is given, offered or sent to."""
    tokens = list(_WORD.finditer(sentence))
    out: list[Value] = []
    k = 0
    while k < len(tokens):
        if "ulkotulento" not in _cases(tokens[k].group()):
            k += 1
            continue
        start = k
        while start > 0 and _cases(tokens[start - 1].group()) == {"omanto"}:
            start -= 1  # "Pirkanmaan kyläasiamiehelle"
        end = k
        while end + 1 < len(tokens):
            nxt = tokens[end + 1].group()
            if "ulkotulento" in _cases(nxt):
                end += 1
            elif (
                nxt.lower() in ("ja", "sekä")
                and end + 2 < len(tokens)
                and ("ulkotulento" in _cases(tokens[end + 2].group()))
            ):
                end += 2
            else:
                break
        a, b = tokens[start].start(), tokens[end].end()
        out.append(Value(sentence[a:b], a, b))
        k = end + 1
    return out


def said_in_words(question: str) -> bool:
    """Whether the asked actor may be a phrase no finder reads as a name: a body the text
    writes in its own way ("kehittämisyhtiö Concordia") or a receiver ("Kenelle …?" ->
    "Pirkanmaan kyläasiamiehelle", "pienille ja keskisuurille yrityksille")."""
    return (
        asks_a_body(question)
        or _TO_WHOM.match(question) is not None
        or _WHOSE_ASSENT.match(question) is not None
    )


#: "Kenen hyväksynnän sopimuksen voimaantulo vaatii?": bodies whose assent is needed, which a
#: sentence names in the genitive ("seutuhallituksen, kuntien valtuustojen ja valtioneuvoston").
_WHOSE_ASSENT = re.compile(
    r"^\W*kenen\s+(?:hyväksyn|lausun|päätö|suostumu|lupa|luva|vahvistu|allekirjoitu)\w*\b",
    re.IGNORECASE,
)


def not_the_subject(sentence: str, value: Value) -> bool:
    """Whether a name stands where no subject can: in a case other than the nominative
    ("myönsi Kaakkois-Suomen ammattikorkeakoululle"), or in the genitive describing the noun
    after it ("Kaakkois-Suomen ammattikorkeakoulun NANOTOMO -hankepari"). The agent of a
    participle ("Satakuntaliiton rahoittama") is a subject in the genitive."""
    last = value.text.split()[-1] if value.text.split() else ""
    found = _cases(last)
    if not found or "nimento" in found:
        return False
    if found == {"omanto"}:
        return not _AGENT_AFTER.match(sentence[value.end :])
    return "omanto" not in found


#: "Kenen johdolla / toimesta / aloitteesta / esityksestä / toimeksiannosta …?": who, by the
#: postposition that follows the genitive the answer stands in.
_POSTPOSITIONS = (
    r"johdolla|johdossa|toimesta|aloitteesta|esityksestä|ehdotuksesta|pyynnöstä|tilauksesta|"
    r"toimeksiannosta|toimeksiannossa|toimeksiantona|vetämänä|koordinoimana"
)
_LED_BY_ASKED = re.compile(rf"^\W*kenen\s+(?:[\w-]+\s+)?({_POSTPOSITIONS})\b", re.IGNORECASE)
#: The genitive name before the postposition: capitalised words, the last in "-n".
_LED_BY = re.compile(r"((?:[A-ZÄÖÅ][\w'’.&-]*\s+){0,3}[A-ZÄÖÅ][\w'’.&:-]*n)\s+(\w+)")


def asks_led_by(question: str) -> bool:
    """ "Kenen johdolla …?", "Kenen toimeksiannosta …?": who, by a postposition's genitive."""
    return _LED_BY_ASKED.search(question) is not None


def led_by_values(sentence: str, postposition: str) -> list[Value]:
    """The names in the genitive before ``postposition`` ("Dominique Forayn johdolla" ->
    "Dominique Forayn"); "toimeksiannosta" also answers "toimeksiannossa"."""
    stem = postposition[:-4]
    direct = [
        Value(m.group(1), m.start(1), m.end(1))
        for m in _LED_BY.finditer(sentence)
        if m.group(2).lower().startswith(stem)
    ]
    if direct:
        return direct
    # "Elinkeinoministeri Lintilän maakuntajohtajille suuntaamassa toimeksiannossa": the
    # genitive is the agent of a participle phrase before the postposition, further away.
    at = re.search(rf"\b{stem}\w*", sentence, re.IGNORECASE)
    agents = (
        [
            v
            for v in person_values(sentence[: at.start()])
            if "omanto" in _cases(sentence[v.start : v.end].split()[-1])
        ]
        if at is not None
        else []
    )
    return agents or _actors_of(sentence, postposition) or _office_before(sentence, postposition)


#: The nouns of an act whose genitive tells who did it: "Kenen (pohja)esityksestä …?".
_ACT_NOUNS = ("esitys", "ehdotus", "aloite", "pyyntö", "tilaus", "toimeksianto")
#: "Kenen pohjaesityksessä …?": an act noun in a compound or another case.
_WHOSE_ACT = re.compile(
    r"^\W*kenen\s+(\w*(?:esity|ehdotu|aloit|pyyn|tilau|toimeksian)\w*)\b", re.IGNORECASE
)
#: "kirjasto- ja kulttuurijohtajan": the first half of a coordinated compound.
_COORDINATED_HALF = re.compile(r"[\w]+-\s+(?:ja|sekä|tai)\s+$")


def _office_before(sentence: str, asked: str) -> list[Value]:
    """An office in the genitive before the asked act's noun: "kunnanjohtajan esitys oli
    siitä puolet", "kirjasto- ja kulttuurijohtajan esitysten perusteella" answer "Kenen
    (pohja)esityksestä …?" by the office, where the minutes name no one."""
    act = next((n for x in lemmas(asked) for n in _ACT_NOUNS if x.endswith(n)), None)
    if act is None:
        return []
    ws = words(sentence)
    out: list[Value] = []
    for prev, w in itertools.pairwise(ws):
        if not any(x.endswith(act) for x in lemmas(w.text)):
            continue
        if "omanto" not in _cases(prev.text) or not any(
            is_agent_noun(x) for x in lemmas(prev.text)
        ):
            continue
        half = _COORDINATED_HALF.search(sentence, 0, prev.start)
        start = half.start() if half else prev.start
        out.append(Value(sentence[start : w.end], start, w.end))
    return out


#: The verb and agent noun of each postposition's act: "Kenen esityksestä …?" is answered by
#: "Aila Mäkisalo esitti …" or "Esittelijä Aila Mäkisalo" as well as by "Mäkisalon esityksestä".
_ACT_OF_POSTPOSITION = {
    "esityksestä": frozenset({"esittää", "esittelijä"}),
    "ehdotuksesta": frozenset({"ehdottaa", "ehdottaja"}),
    "aloitteesta": frozenset({"aloite", "aloitteentekijä"}),
    "pyynnöstä": frozenset({"pyytää"}),
    "tilauksesta": frozenset({"tilata", "tilaaja"}),
    "johdolla": frozenset({"johtaa", "johtaja"}),
    "johdossa": frozenset({"johtaa", "johtaja"}),
    "vetämänä": frozenset({"vetää", "vetäjä"}),
    "koordinoimana": frozenset({"koordinoida", "koordinaattori"}),
}


def _actors_of(sentence: str, postposition: str) -> list[Value]:
    """Persons named in the nominative in a sentence that tells the postposition's act by its
    verb or agent noun ("Kunnanhallituksessa Aila Mäkisalo (sd.) esitti, että …")."""
    acts = _ACT_OF_POSTPOSITION.get(postposition, frozenset())
    if not acts & lemma_set(sentence):
        return []
    return [v for v in person_values(sentence) if _in_case(sentence, v, "nimento")]


#: "Kuka voi hakea …?", "Ketkä voivat osallistua …?", "Kenelle tukea voidaan myöntää?".
WITH_WHOM = re.compile(r"\bkenen\s+(?:kanssa|kesken)\b", re.IGNORECASE)
WITH = re.compile(r"\b(?:kanssa|kesken|yhteistyössä)\b", re.IGNORECASE)
ELIGIBILITY = re.compile(
    r"^\W*(?:kuka|ketkä|keitä|kenelle|keille|kenen)\b.*\b(?:voi|voivat|voidaan|saa|saavat|"
    r"pitää|tulee|kuuluu|kannattaa)\b",
    re.IGNORECASE,
)


#: "neljäksi vuodeksi", "kahdeksi vuodeksi": a span in the translative; "kahden vuoden ajan":
#: in the genitive before "ajan" / "ajaksi".
_SPAN_FOR = re.compile(
    r"\b(?:\d+|yhde|kahde|kolme|neljä|viide|kuude|seitsemä|kahdeksa|yhdeksä|kymmene)ksi\s+"
    # "kolmeksi tai useammaksi vuodeksi": a least span.
    r"(?:tai\s+(?:useammaksi|pidemmäksi)\s+)?(?:vuode|kuukaude|viiko|päivä)ksi\b"
    r"|\b(?:yhden|kahden|kolmen|neljän|viiden|kuuden|seitsemän|kahdeksan|yhdeksän|kymmenen)\s+"
    r"(?:vuoden|kuukauden|viikon|päivän)\s+aja(?:n|ksi)\b",
    re.IGNORECASE,
)


#: A span as an attribute, in one word or in minutes: "kahden vuoden jatkohanke", "3 kuukauden
#: kesto", "kolmivuotinen hanke", "puolitoista vuotta", "n. 10 min", "45 minuuttia".
_SPAN_OF = re.compile(
    r"(?:\b(?:n\.|noin|enintään|vähintään)\s+)?"
    r"(?:\b(?:\d{1,3}|yhden|kahden|kolmen|neljän|viiden|kuuden|seitsemän|kahdeksan|yhdeksän|"
    r"kymmenen|puolen|puolentoista)\s+(?:vuoden|kuukauden|viikon|päivän|vuorokauden|tunnin|"
    r"minuutin)\b"
    r"|\bpuolitoista\s+(?:vuotta|kuukautta|viikkoa|päivää|tuntia)\b"
    r"|\byksi\s+(?:vuosi|kuukausi|viikko|päivä|vuorokausi|tunti)\b"
    r"|\b(?:yksi|kaksi|kolmi|neli|viisi|kuusi|seitsemän|kahdeksan|yhdeksän|kymmen|puoli|"
    r"puolitoista|\d{1,2}-)(?:vuoti|kuukauti|viikkoi|päiväi)(?:nen|sen|sta|seen|sena|sessa|selle)\b"
    r"|(?<![\d,.])\d+\s*(?:min\b\.?|minuuttia\b))",
    re.IGNORECASE,
)


#: A number repeated in digits after its word: the "(2)" of "kaksi (2) viikkoa".
_DIGITS_REPEATED = re.compile(r"(?<=[a-zäö])\s+\(\d+\)(?=\s)", re.IGNORECASE)


def duration_values(sentence: str) -> list[Value]:
    """Spans of time ("6 kuukautta", "kolme vuotta", "2 v.", "12 kk", "neljäksi vuodeksi",
    "kaksi (2) viikkoa")."""
    # A contract writes a number twice: "kaksi (2) viikkoa" reads as "kaksi viikkoa".
    masked = _DIGITS_REPEATED.sub(lambda m: " " * len(m.group(0)), sentence)
    found = [
        Value(sentence[v.start : v.end], v.start, v.end)
        for v in quantity_values(masked)
        if re.search(r"vuo|kuuk|päiv|viik|\bkk\b|\bv\.|tunti", v.text, re.IGNORECASE)
        and not re.match(r"(?:19|20)\d\d\s", v.text)  # "2023 vuoden" is a year
    ]
    found += matched_values(_SPAN_FOR, sentence)
    taken = [(v.start, v.end) for v in found]
    found += [
        Value(m.group(0), m.start(), m.end())
        for m in _SPAN_OF.finditer(sentence)
        if not any(start < m.end() and m.start() < end for start, end in taken)
    ]
    taken = [(v.start, v.end) for v in found]
    # "sadan päivän ajan": a span in the genitive before "ajan" lasts as long.
    found += [
        v
        for v in relative_time_values(sentence)
        if v.text.lower().endswith(" ajan")
        and not any(start < v.end and v.start < end for start, end in taken)
    ]
    return sorted(found, key=lambda v: v.start)


#: An age or an age range: "13-25 -vuotiaille", "13–25-vuotiaat", "alle 30-vuotiaille".
_AGE = re.compile(
    r"(?:\b(?:alle|yli|vähintään|enintään|korkeintaan)\s+)?"
    r"\b\d{1,3}(?:\s*[–—-]\s*\d{1,3})?\s*-\s*vuotia\w*",
    re.IGNORECASE,
)


def age_values(sentence: str) -> list[Value]:
    """Ages written as "N-vuotias" and their ranges ("13-25 -vuotiaille")."""
    return matched_values(_AGE, sentence)


def is_act(term: Term) -> bool:
    """True when a role word of the question is a verb ("esitteli", "laati"), not an office."""
    return "teonsana" in word_classes(term.surface)


def asks_day(text: str) -> bool:
    """ "Minä päivänä …?", "Mikä on … päivämäärä?": the asked time is a day."""
    return bool(head_names(text) & {"päivä", "päivämäärä", "päiväys"})


#: The unit asked in words: "prosentteina", "kuinka monta prosenttia".
_IN_PERCENT = re.compile(r"\bprosentteina\b|\bmonta\s+prosenttia\b", re.IGNORECASE)


def _asks_percent(text: str) -> bool:
    """ "Mikä on … investointituen tukiprosentti?": the asked noun is a percentage. Where the
    grammar finds no head ("Minkä suuruinen tukiprosentti …, jonka kustannusarvio on 60 000
    euroa?"), the first of a percentage word and a money word tells. "… osuus prosentteina?",
    "Montako prosenttia …?" ask for the unit whatever the head."""
    if _IN_PERCENT.search(text):
        return True
    names = head_names(text)
    if names:
        return "prosentti" in names
    for word in re.findall(r"[\w%-]+", text):
        if _PERCENT_WORDS.search(word):
            return True  # "tukiprosentti" is a percentage although it holds "tuki"
        if _MONEY_WORDS.search(word):
            return False
    return False


def asks_bodies(q: Question, *, head_only: bool = False) -> bool:
    """Whether a "Ketkä …" question asks for the bodies of a role ("osatoteuttajat",
    "rahoittajat"): named organisations answer it, not kinds of actor. With ``head_only``
    only the first role noun counts, the asked one: "Ketkä asiantuntijat kuuluvat …
    yritysrahoittajien lisäksi?" asks for experts, the funders are the ones set aside."""
    roles = role_terms(question_terms(q))
    return any(_body_role(term) for term in (roles[:1] if head_only else roles))


def _body_role(term: Term) -> bool:
    """Whether a role word names a role that bodies hold, also as a compound's head:
    "osatoteuttaja", "päärahoittaja" and "yhteistyökumppani" are held by organisations."""
    return any(form.endswith(role) for form in term.forms for role in _BODY_ROLES)


def asks_a_body(text: str) -> bool:
    """ "Mille viranomaiselle …", "Minkä kumppanin kanssa …", "Mikä yhdistys …": an
    organisation is asked."""
    names = head_names(text)
    return bool(names & ORGANISATION_HEADS) and not names & PERSON_HEADS


#: Roles an organisation or a body holds as often as a person does.
_BODY_ROLES = frozenset(
    {"toteuttaja", "tuensaaja", "hakija", "rahoittaja", "hallinnoija", "saaja", "päättäjä",
     "kumppani", "vastuutaho", "omistaja", "tilaaja", "myöntäjä"}
)  # fmt: skip


#: Acts of an authority or a body: who decides, selects, grants, funds or carries out.
_BODY_ACT = re.compile(
    r"\b(?:päättä\w*|päätti|valittiin|valitaan|valitsi|myöntää|myönsi|myöntävät|rahoitta\w*|"
    r"rahoitti|toteutta\w*|toteutti|hallinnoi\w*|\w*päätök\w*|\w*päätös)\b",
    re.IGNORECASE,
)


#: A field line that ends in a sum without its unit: "EU- ja valtion osuus: 457 962".
_LABELLED_SUM = re.compile(
    r"(?i:raha\w*|kustannu\w*|budjet\w*|rahoitu\w*|tuki\w*|hinta\w*|avustu\w*|osuus|menot)"
    r"\s*:\s*(?P<sum>\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d{1,2})?|\d{5,})\s*\.?\s*$"
)


def labelled_sum(sentence: str) -> list[Value]:
    """The sum a money field line ends in ("Kokonaisbudjetti: 120 000"); a table row that
    runs on after the number ("… 148 000 5.") is not read. A sum whose unit stands after a
    footnote mark ("n. 777 652 [2]€") or is left out after "rahoitusta yhteensä n." is read
    too."""
    m = _LABELLED_SUM.search(sentence.strip())
    if m:
        return [Value(m.group("sum"), m.start("sum"), m.end("sum"))]
    return [
        Value(m.group("sum"), m.start("sum"), m.end("sum"))
        for m in _FOOTNOTED_SUM.finditer(sentence)
    ]


#: "yhteensä n. 11 364 977 [1](hankkeiden …)", "sidottu n. 777 652 [2]€": a grouped sum with
#: a footnote mark where its unit would stand.
_FOOTNOTED_SUM = re.compile(
    r"(?:yhteensä|noin|n\.)\s+(?P<sum>\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d{1,2})?)\s*\[\d{1,2}\]",
    re.IGNORECASE,
)
