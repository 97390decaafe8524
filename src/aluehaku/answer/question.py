"""Question understanding: the kind of question and its entities in any inflection."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from aluehaku.analysis.gazetteer import Mention, find_mentions, find_organisations
from aluehaku.analysis.text import YEAR_RE, lemmas, parts, words
from aluehaku.answer.answer_type import (
    answer_type,
    asks_count_of_things,
    names_an_office,
    question_head,
)

KINDS = ("list", "count", "amount", "time", "person", "yesno", "open")

QUESTION_LEMMAS = frozenset(
    [
        "mikä",
        "mitkä",
        "mitä",
        "kuka",
        "ketkä",
        "kenen",
        "keneltä",
        "kenelle",
        "milloin",
        "paljonko",
        "verran",
        "paljo",
        "monessako",
        "moneenko",
        "minkä",
        "millainen",
        "kuinka",
        "paljon",
        "miten",
        "missä",
        "mihin",
        "mistä",
        "minkä",
        "montako",
        "monta",
        "moni",
        "kuinka",
        "onko",
        "ovatko",
        "oliko",
        "voiko",
        "saiko",
        "entä",
        "entäs",
        "olla",
        "ei",
        "hanke",
        "hankkeet",
        "se",
        "sitä",
        "sen",
        "siitä",
        "sille",
        "tämä",
        "tätä",
        "kyseinen",
        "lisä",  # "Lapuan lisäksi": besides, not an addition
        "lisäksi",
        "sama",
        "hän",
        "nimi",
        "nykyinen",
        "viime",
    ]
)
_PRONOUN = re.compile(
    r"\b(?:se|sitä|sen|siitä|sille|siihen|siinä|hän|hänen|niitä|ne|niiden|tämä|tätä|tämän|"
    r"kyseinen|kyseisen|sama|samaa|samalle)\b",
    re.IGNORECASE,
)
_YESNO = re.compile(
    r"^\s*(?!paljonko|montako|kuinka|monessako|moneenko|monellako|monelleko|mistäkö)\w+(?:ko|kö)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def question_stopwords() -> frozenset[str]:
    """Stop words plus question words: what never carries a question's content."""
    try:
        from aluehaku.analysis.stopwords import stopwords

        return stopwords() | QUESTION_LEMMAS
    except Exception:
        return QUESTION_LEMMAS


@dataclass(slots=True)
class Question:
    """What the composer needs to know about a question."""

    text: str
    kind: str
    orgs: list[Mention] = field(default_factory=list)
    funds: list[Mention] = field(default_factory=list)
    municipalities: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    content: list[str] = field(default_factory=list)  # content lemmas, question order
    role: str | None = None  # funder | implementer | contact | None
    follow_up: bool = False
    context: str = ""  # text carried over from earlier turns (for search)

    @property
    def search_text(self) -> str:
        """The text sent to retrieval (the question plus carried-over context)."""
        return f"{self.context} {self.text}".strip()

    def to_json(self) -> dict[str, object]:
        """Summary for the JSON answer."""
        return {
            "kind": self.kind,
            "organisations": [m.canonical for m in self.orgs],
            "funds": [m.canonical for m in self.funds],
            "municipalities": [m.canonical for m in self.municipalities],
            "places": [m.canonical for m in self.places],
            "years": self.years,
            "role": self.role,
            "follow_up": self.follow_up,
        }


#: "Keneltä saa lisätietoja …?", "Kuka on … yhteyshenkilö?": a contact is asked, the person to
#: ask, not the body they work for.
ASKS_CONTACT = re.compile(r"lisätiet|yhteyshenkilö|keneltä\s+(?:voi|saa|kannattaa)", re.IGNORECASE)
#: The words of a line that names a contact: "Lisätietoja: …", "Lisätiedot antaa …",
#: "Yhteyshenkilö: …", "Tiedustelut: …".
CONTACT_LINE_WORDS = r"lisäti(?:edo|eto)\w*|yhteyshenkilö\w*|yhteystiedot|tiedustelut"

#: "Ketkä …?": who, in the plural (everyone the evidence names is asked for).
PLURAL_WHO = re.compile(r"^\W*(?:ketkä|keitä|keiden|keille|keiltä|keistä|keihin)\b", re.IGNORECASE)


#: "Kuinka paljon ennen / etukäteen …?"
_LEAD_TIME = re.compile(r"\b(?:kuinka\s+paljon|paljonko)\s+(?:ennen|etukäteen)\b")
#: What must be done some time before: applying, submitting, notifying, booking.
_SUBMITTED = re.compile(r"\b(?:hae|hak|jät|ilmoit|toimit|varat|varaa|rekisteröi)\w*")
#: An interrogative made indefinite: "milloin tahansa", "kuka vain", "missä hyvänsä".
_INDEFINITE = re.compile(
    r"\b(?:milloin|missä|mihin|mistä|kuka|ketkä|kenen|kenelle|mikä|mitä|miten|kuinka)\s+"
    r"(?:tahansa|hyvänsä|vain)\b"
)


#: "Kuka on … määritelmän mukaan?", "Keitä … tarkoitetaan?": who counts as a kind of person.
_ASKS_DEFINITION = re.compile(
    r"^\W*(?:kuka|ketkä|keitä|kenet)\b.*\b(?:määritel\w*|määritelmä\w*|tarkoitetaan)\b"
)


#: Head nouns of a question that ask for no figure, whatever measure word modifies them.
_NO_MEASURE_HEADS = frozenset(
    {"ehto", "edellytys", "tarkoitus", "tavoite", "peruste", "perustelu", "syy", "periaate",
     "tehtävä", "rooli", "merkitys", "visio", "missio", "menettely", "kriteeri"}
)  # fmt: skip


def _asks_no_measure(text: str) -> bool:
    head = question_head(text)
    return head is not None and head.lemma in _NO_MEASURE_HEADS


def question_kind(text: str) -> str:
    """list, count, amount, time, person, yesno or open."""
    # "Voiko avustusta hakea milloin tahansa?", "Voiko kuka tahansa hakea?": an indefinite
    # pronoun asks nothing; the verb with "-ko" makes the question yes/no.
    low = _INDEFINITE.sub(" ", text.lower().strip())
    if _LEAD_TIME.search(low) and _SUBMITTED.search(low):
        # "Kuinka paljon ennen tapahtumaa avustusta on haettava?" asks for a lead time, not a
        # sum ("Paljonko ennen kuntaliitosta myönnettiin …?" still asks for one).
        return "time"
    if re.search(r"\b(?:kuinka\s+monta|montako)\s+prosent", low):
        return "amount"  # "Kuinka monta prosenttia …?" asks for a share, not a count
    if re.search(
        r"\b(?:kuinka\s+(?:monta|monessa|moneen|monella|monelle|moni|monen)|montako|monessako|"
        r"moneenko|monellako|monelleko|kuinka\s+suuri\s+(?:määrä|joukko))\b",
        low,
    ) or asks_count_of_things(text):
        return "count"
    if re.match(
        r"^(?:mitkä|luettele|listaa|nimeä|mainitse|ketkä\s+(?:\w+\s+)?(?:hank|projekt))\b", low
    ) or (
        # "Mitä hankkeita …", "Mitä kuntia …": a plural partitive asks for a list.
        re.match(r"^mitä\s+(?:\w+\s+)?\w+(?:ita|itä|ia|iä|ja|jä)\b", low)
        and re.search(r"\bhankkei|\bprojektej|\bkunti|\byrityksi|\borganisaatioi|\btahoj", low)
    ):
        # "Mitkä olivat hankkeen kokonaiskustannukset?" asks for one sum, "Mitkä ovat
        # hakuajat?" for times: the head noun outranks the plural pronoun.
        head_kind = answer_type(text)
        return head_kind if head_kind in ("amount", "time") else "list"
    if (
        re.search(
            r"\b(?:paljonko|kuinka\s+paljon|minkä\s+verran|minkä\s+(?:suurui|arvoi|kokoi)\w*|"
            # "Kuinka suuren rahapalkinnon …?": the size of a thing in its object case.
            r"kuinka\s+(?:suuren|suurta|suuria|ison|isoa|suurella|isolla)\b|"
            r"kuinka\s+(?:suuri|iso)\s+(?:osa|osuus|summa|määrä|tuki|budjetti)|"
            # "Kuinka suuri on Suomen JTF-rahoitus …?"
            r"kuinka\s+(?:suuri|iso)\s+(?:on|oli)\b.*\b(?:rahoitu|tuki|budjet|avustu|summa|osuu|"
            r"talousarvi|kustannu|määrärah|hinta|menot|tulot)|"
            # An age is a quantity of years: "Minkä ikäinen …", "Kuinka vanha …".
            r"minkä\s+ikäi\w*|kuinka\s+vanh\w*|\w*ikäraja\w*|"
            # A distance is a quantity in its unit, not a span of time: "Kuinka pitkä matka
            # Lokakylästä on kuntakeskukseen?", "Kuinka kaukana …?"
            r"kuinka\s+pitkä\s+(?:\w+\s+)?(?:matka|etäisyys|reitti|välimatka)|kuinka\s+kaukana|"
            r"kuinka\s+pitkä\s+(?:on|oli)\s+(?:\w+\s+)?\w*(?:reitti|polku|latu|rata|tie|verkko|"
            r"kaapeli|putki|linja|matka)\b|"
            # "Kuinka pitkä on … rantaviivan kokonaispituus …?" names the length itself.
            r"kuinka\s+pitkä\s+(?:on|oli)\s+(?:[\w-]+\s+){0,4}\w*pituus\b|"
            r"millä\s+etäisyydellä)",
            low,
        )
        or re.search(r"^mitä\s.*\bmaksa", low)
        or re.search(
            # "Millä kustannusmallilla …?" asks for a model, not a sum.
            r"^(?:millä|minkä)\s+(?:budjeti|rahoitukse|summa|kustannu(?!smalli)|hinna|"
            r"\w*hinnalla)",
            low,
        )
        or (
            re.search(
                r"^(?:mikä|mitkä|mitä)\s+(?:on|oli|ovat|olivat)\b.*(?:budjet|kustannu|summa|osuu|"
                r"hinta|hinna\w*|suuruus|määräraha|rahoitu\w*\s+määrä|tuen\s+määrä|"
                r"avustuksen\s+määrä|prosentti|tukitaso|"
                r"(?:pienin|suurin|enimmäis|vähimmäis)\w*\s+\w*(?:tuki|avustus))",
                low,
            )
            # "Mikä on valtionosuuden korotuksen myöntämisen ehto?" asks for a condition: the
            # measure word is a modifier of the noun asked.
            and not _asks_no_measure(text)
        )
    ):
        return "amount"
    if re.search(
        r"\b(?:milloin|mihin\s+(?:asti|saakka|mennessä)|mistä\s+lähtien|minä\s+vuonna|"
        r"minä\s+päivänä|monesko\s+päivä|koska|kuinka\s+kauan|miten\s+pitkään|mille\s+ajalle|"
        r"mille\s+vuosille|minkä\s+ajan|kuinka\s+usein|miten\s+usein|miksi\s+ajaksi|"
        r"missä\s+ajassa)\b",
        low,
    ) or re.search(
        r"^(?:mikä|mitkä)\s+(?:on|oli|ovat)\b.*\b(?:toteutusaika|aikataulu|hankeaika|"
        r"päivämäärä|ajankohta|hakuaika|määräaika|takaraja|kesto)",
        low,
    ):
        return "time"
    if ASKS_WHICH_ONE.match(low):
        # "Monesko MAL-sopimus …?" asks which one of a series: the sentence that says it.
        return "open"
    if _ASKS_DEFINITION.search(low):
        # "Kuka on kansainvälinen osaaja määritelmän mukaan?" asks who counts as one: the
        # sentence that defines it, not a person's name.
        return "open"
    if re.search(
        r"\b(?:kuka|ketkä|keneltä|kenelle|kenen|kenet|keneen|kehen|kenestä)\b", low
    ) or _asks_an_officers_name(low):
        return "person"
    if _YESNO.match(low):
        return "yesno"
    # No wording rule matched: the grammar of the interrogative phrase may still say what is
    # asked ("Mihin päivään asti …", "Minkä seutukuntien …", "Kuinka suuren ennakon …").
    return answer_type(text) or "open"


#: "Monesko …?", "Monenneksi …?": which one of a series is asked.
ASKS_WHICH_ONE = re.compile(r"^\W*(?:monesko|mones|monenne\w*)\b", re.IGNORECASE)


def _asks_an_officers_name(low: str) -> bool:
    """ "Mikä on kaupunginjohtajan nimi?" asks for a person; "Mikä on kyläpubin nimi?" or
    "Mikä oli seminaarin nimi?" for the name of a thing, which an open answer quotes."""
    m = re.search(r"^mikä\s+(?:on|oli)\b.*?([\w-]+)\s+nimi\b", low)
    return m is not None and names_an_office(m.group(1))


def _role(text: str) -> str | None:
    low = text.lower()
    if re.search(r"rahoit|myön|tuki|tukea|avustu|rahoittaja", low):
        return "funder"
    if re.search(r"toteutt|hallinnoi|vetää|vetänyt", low):
        return "implementer"
    if re.search(r"yhteyshenkilö|projektipäällikkö|johtaa|vastaa\b|lisätiet", low):
        return "contact"
    return None


#: "Kuka johti puhetta …?", "Kuka johtaa puhetta …": the idiom for chairing a meeting asks for
#: the chair ("puheenjohtaja"), not for any "johtaja" of the minutes.
_CHAIRED = re.compile(r"\bjoht\w*\s+puhetta\b|\bpuhetta\s+joht\w*", re.IGNORECASE)


def asks_the_chair(text: str) -> bool:
    """Whether a question asks who chaired with the idiom "johtaa puhetta"."""
    return _CHAIRED.search(text) is not None


def parse_question(text: str) -> Question:
    """Kind, entities (organisations, funds, municipalities, places, years) and content words."""
    mentions = find_mentions(text)
    orgs = find_organisations(text)
    org_spans = [(o.start, o.end) for o in orgs]

    def inside_org(m: Mention) -> bool:
        return any(s <= m.start and m.end <= e for s, e in org_spans)

    funds = [m for m in mentions if m.kind == "fund"]
    munis = [m for m in mentions if m.kind == "municipality" and not inside_org(m)]
    places = [m for m in mentions if m.kind == "place" and not inside_org(m)]
    years = sorted({int(y) for y in YEAR_RE.findall(text)})
    stop = question_stopwords()
    content: list[str] = []
    for w in words(text):
        lem = lemmas(w.text)
        if any(x in stop for x in lem) or w.text.isdigit():
            continue
        if lem[0] not in content:
            content.append(lem[0])
    return Question(
        text=text,
        kind=question_kind(text),
        orgs=orgs,
        funds=funds,
        municipalities=munis,
        places=places,
        years=years,
        content=content,
        role=_role(text),
    )


def is_follow_up(text: str, q: Question) -> bool:
    """True when the question leans on an earlier turn ("entä …", "kuka sitä johtaa?")."""
    low = text.lower().strip()
    if re.match(r"^(?:entä|entäs|ja\s|mutta\s|no\s|kuin\s+myös)", low):
        return True
    if _PRONOUN.search(low):
        return True
    has_entities = bool(q.orgs or q.funds or q.municipalities or q.places)
    return not has_entities and len(q.content) <= 1


def resolve(text: str, history: list[dict[str, str]] | None) -> Question:
    """Parse ``text``; a follow-up inherits what it leaves open from the latest earlier question."""
    q = parse_question(text)
    if not history:
        return q
    previous_text = next(
        (str(h.get("question") or "") for h in reversed(history) if h.get("question")), ""
    )
    if not previous_text or not is_follow_up(text, q):
        return q
    prev = (
        resolve(previous_text, history[:-1]) if len(history) > 1 else parse_question(previous_text)
    )
    kind = q.kind
    if kind == "open" and re.match(r"^\s*(?:entä|entäs|ja|mutta)\b", text, re.IGNORECASE):
        kind = prev.kind
    merged = replace(
        q,
        kind=kind,
        orgs=q.orgs or prev.orgs,
        funds=q.funds or prev.funds,
        municipalities=q.municipalities or prev.municipalities,
        places=q.places or prev.places,
        years=q.years or prev.years,
        content=q.content + [c for c in prev.content if c not in q.content],
        role=q.role or prev.role,
        follow_up=True,
        context=prev.search_text,
    )
    return merged


#: The asked kind of a list question ("Mitkä kunnat …") and the gazetteer kinds that name it.
#: The gazetteer kinds that are places.
PLACE_KINDS = ("municipality", "place")
#: Head nouns of a list question and the gazetteer kinds they ask for.
LIST_KINDS: dict[str, tuple[str, ...]] = {
    "kunta": ("municipality",),
    "kaupunki": ("municipality",),
    "paikkakunta": ("municipality",),
    "maakunta": ("place",),
    "seutukunta": ("municipality", "place"),
    "alue": ("municipality", "place"),
    "viranomainen": ("org",),
    "organisaatio": ("org",),
    "taho": ("org",),
    "toimija": ("org",),
    "yritys": ("org",),
    "rahasto": ("fund",),
    "maa": ("country",),
    "valtio": ("country",),
}


def asked_kinds(q: Question) -> tuple[str, ...]:
    """The gazetteer kinds a list question asks for: "Mitkä kunnat" -> municipalities."""
    head = question_head(q.text)
    for base in (head.lemma, head.head) if head is not None else ():
        if base in LIST_KINDS:
            return LIST_KINDS[base]  # "Mihin maakuntiin …": the noun agreeing with the pronoun
    if head is not None or not re.match(
        r"\s*(?:mitkä|mitä|keitä|ketkä|minkä|millä|missä)\b", q.text, re.I
    ):
        # "Mitä uusia yritysten tukityökaluja …?" asks for tools: the genitive before the
        # head noun names no kind.
        return ()
    for w in q.text.split()[1:4]:
        word = w.strip("?,.:")
        for base in (*lemmas(word), *parts(word)[-1:]):
            if base in LIST_KINDS:
                return LIST_KINDS[base]
    return ()
