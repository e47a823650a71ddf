"""*Vilken form passar?*: six questions drawn from the report's own
distinctions, and what each answer says about each of the five instruments.

Every reason is the report's own words (quoted exactly) with its section;
where the report says nothing about an instrument on a question, the answer
does not move that instrument. Points only order the list: the reasons are
the answer.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

SIB = "sociala-utfallskontrakt"
FUND = "social-investeringsfond"
BONDS = "sociala-obligationer"
PROCUREMENT = "upphandling-med-fokus-pa-utfall"
IOP = "ideburet-offentligt-partnerskap"

DONT_KNOW = ("", _("Vet inte / spelar ingen roll"))
YES_NO = [("ja", _("Ja")), ("nej", _("Nej")), DONT_KNOW]


def question(label, choices=YES_NO):
    """One question: a group of radio buttons, "don't know" included."""
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)


class ChooserForm(forms.Form):
    kapital = question(
        _("Behövs externt kapital, till exempel från investerare, för att genomföra insatsen?")
    )
    matbart = question(_("Kan utfallet mätas och värderas på ett trovärdigt sätt?"))
    ideburen = question(_("Är samarbetsparten en idéburen organisation?"))
    internt = question(_("Vill ni pröva ett nytt arbetssätt internt, i den egna organisationen?"))
    risk = question(
        _("Vem ska bära den ekonomiska risken om insatsen inte ger effekt?"),
        [
            ("offentliga", _("Den offentliga aktören")),
            ("investerare", _("Investerare")),
            ("utforaren", _("Utföraren eller leverantören")),
            DONT_KNOW,
        ],
    )
    tid = question(
        _("Hur lång tid tar det innan effekten syns?"),
        [
            ("kort", _("Inom ett vanligt avtal, några år")),
            ("lang", _("Längre än så, flera år eller mer")),
            DONT_KNOW,
        ],
    )

    def answers(self):
        return {name: value for name, value in self.cleaned_data.items() if value}


@dataclass(frozen=True)
class Reason:
    points: int
    quote: str  # the report's words, exactly
    section: str
    note: str = ""  # our words: how the quote bears on the answer


# (question, answer) → {instrument slug: reason}
R = Reason
RULES = {
    ("kapital", "ja"): {
        SIB: R(2, "En eller flera externa investerare finansierar insatsen.", "5.1"),
        BONDS: R(
            2,
            "Sociala obligationer är en grupp av obligationer som ges ut på kapitalmarknaden "
            "(jmf gröna obligationer) av offentliga såväl som privata emittenter.",
            "5.3",
        ),
        PROCUREMENT: R(
            1,
            "Beroende på hur avtalet är utformat kan leverantören delfinansiera insatsen",
            "5.4",
            _("Leverantören kan stå för en del av finansieringen, men inga externa investerare."),
        ),
        FUND: R(
            -2,
            "Fonden innebär en allokering av eget kapital eller budgetering av offentliga medel",
            "5.2",
            _("Fonden bygger på egna offentliga medel."),
        ),
        IOP: R(
            -2,
            "IOP innebär enligt vår kartläggning inte ett alternativt sätt att finansiera "
            "välfärd, utan ett alternativt sätt att samverka",
            "5.5",
        ),
    },
    ("kapital", "nej"): {
        FUND: R(
            2,
            "Fonden innebär en allokering av eget kapital eller budgetering av offentliga medel",
            "5.2",
        ),
        SIB: R(
            1,
            'Det förekommer även så kallade "interna utfallskontrakt" utan extern finansiering.',
            "5.1",
        ),
        PROCUREMENT: R(
            1,
            "Offentlig upphandling är per definition inte ett alternativt sätt att finansiera "
            "välfärd",
            "5.4",
        ),
        IOP: R(
            1,
            "IOP innebär enligt vår kartläggning inte ett alternativt sätt att finansiera "
            "välfärd, utan ett alternativt sätt att samverka",
            "5.5",
            _("Ett IOP är en form för samverkan, inte för finansiering."),
        ),
        BONDS: R(
            -2,
            "Sociala obligationer är en grupp av obligationer som ges ut på kapitalmarknaden",
            "5.3",
            _("Obligationer är ett sätt att låna pengar på kapitalmarknaden."),
        ),
    },
    ("matbart", "ja"): {
        SIB: R(
            2,
            "Det beskriver också hur utfall ska definieras, mätas och värderas, samt hur "
            "finansiella flöden mellan aktörerna ska regleras beroende på uppnådda utfall",
            "5.1",
        ),
        PROCUREMENT: R(
            2,
            "ställer höga krav på avtalsuppföljning och möjlighet att mäta efterfrågade utfall",
            "5.4.1",
        ),
        FUND: R(1, "för att göra det möjligt att testa och utvärdera nya arbetssätt", "5.2"),
        BONDS: R(
            1,
            "I Region Stockholms fall är återbetalningen och räntan kopplade till hur "
            "framgångsrik den preventiva insatsen blir.",
            "5.3",
            _("En obligation kan knytas till utfallet, som Region Stockholms hälsoobligation."),
        ),
    },
    ("matbart", "nej"): {
        SIB: R(
            -2,
            "Det beskriver också hur utfall ska definieras, mätas och värderas, samt hur "
            "finansiella flöden mellan aktörerna ska regleras beroende på uppnådda utfall",
            "5.1",
            _("Kontraktet förutsätter att utfallet kan mätas och värderas."),
        ),
        PROCUREMENT: R(
            -2,
            "ställer höga krav på avtalsuppföljning och möjlighet att mäta efterfrågade utfall",
            "5.4.1",
        ),
        FUND: R(
            1,
            "för att göra det möjligt att testa och utvärdera nya arbetssätt",
            "5.2",
            _("Fonden prövar och utvärderar; den kräver ingen värdering i pengar."),
        ),
        BONDS: R(
            1,
            "I grunden är sociala obligationer en vanlig obligation som ger investeraren "
            "samma ränta samt kreditexponering.",
            "5.3",
        ),
    },
    ("ideburen", "ja"): {
        IOP: R(
            3,
            "ett IOP är en överenskommelse om samverkan mellan offentlig och idéburen sektor",
            "5.5",
        ),
        PROCUREMENT: R(
            1, "en samverkansform mellan det offentliga och privat eller idéburen sektor", "5.4"
        ),
        SIB: R(
            -1,
            "Vi har en målgrupp, ett syfte som inte får blandas ihop med vad en investerare på "
            "kort eller lång sikt kan vilja uppnå.",
            "4.6",
            _("Så säger en idéburen organisation om att ta in investerare."),
        ),
    },
    ("ideburen", "nej"): {
        IOP: R(
            -3,
            "ett IOP är en överenskommelse om samverkan mellan offentlig och idéburen sektor",
            "5.5",
            _("Ett IOP förutsätter en idéburen part."),
        ),
        PROCUREMENT: R(
            1, "en samverkansform mellan det offentliga och privat eller idéburen sektor", "5.4"
        ),
    },
    ("internt", "ja"): {
        FUND: R(
            2,
            "Att fonden är helt intern innebär att den offentliga aktören har full kontroll "
            "över processerna, vilket beslutsfattarna kan uppleva som positivt.",
            "5.2",
        ),
        SIB: R(
            1,
            'Det förekommer även så kallade "interna utfallskontrakt" utan extern finansiering.',
            "5.1",
        ),
    },
    ("risk", "investerare"): {
        SIB: R(
            2,
            "Syftet är att den ekonomiska risken med att testa en ny insats flyttas från den "
            "offentliga aktören till den privata sektorn.",
            "5.1",
        ),
        BONDS: R(
            1,
            "I Region Stockholms fall är återbetalningen och räntan kopplade till hur "
            "framgångsrik den preventiva insatsen blir.",
            "5.3",
            _("Bara när obligationen är knuten till utfallet, som hälsoobligationen."),
        ),
    },
    ("risk", "utforaren"): {
        PROCUREMENT: R(
            2,
            "Beroende på hur avtalet är utformat kan leverantören delfinansiera insatsen",
            "5.4",
            _("Leverantören kan ta hela eller delar av risken och få betalt efter utfallet."),
        ),
    },
    ("risk", "offentliga"): {
        FUND: R(
            2,
            "Att fonden är helt intern innebär att den offentliga aktören har full kontroll "
            "över processerna",
            "5.2",
            _("Fonden är den offentliga aktörens egen; ingen annan part bär risken."),
        ),
        SIB: R(
            -1,
            "Syftet är att den ekonomiska risken med att testa en ny insats flyttas från den "
            "offentliga aktören till den privata sektorn.",
            "5.1",
        ),
    },
    ("tid", "kort"): {
        PROCUREMENT: R(
            1,
            "Men jag har ingen aning om hur man skulle kunna formulera en sådan upphandling när "
            "avtalen sträcker sig i fyra år men effekterna är på längre sikt.",
            "4.5",
            _("En upphandlare: avtal löper ofta några år; effekter inom den tiden går att följa."),
        ),
    },
    ("tid", "lang"): {
        FUND: R(
            2,
            "Den sociala investeringsfonden skapar ett utrymme för att prova nya sätt att möta "
            "sociala utmaningar över flera år utan krav på omedelbara resultat.",
            "5.2",
        ),
        SIB: R(
            1,
            "De ekonomiska värden som skapas leder till ett förbättrat ekonomiskt utfall för den "
            "offentliga aktören, antingen omedelbart eller på sikt",
            "5.1",
        ),
        PROCUREMENT: R(
            -1,
            "Men jag har ingen aning om hur man skulle kunna formulera en sådan upphandling när "
            "avtalen sträcker sig i fyra år men effekterna är på längre sikt.",
            "4.5",
            _("En upphandlare om avtal som är kortare än tiden till effekt."),
        ),
    },
}

# Said with every answer (the report, 5.6 and the introduction to chapter 5).
LEGAL_CAVEAT = Reason(
    0,
    "Inför varje åtgärd måste man därför kartlägga och analysera de juridiska förutsättningarna.",
    "5.6",
)
COMBINE_CAVEAT = Reason(
    0,
    "enligt några representanter från målgrupperna kan de olika formerna även kombineras med "
    "varandra.",
    "5",
)


@dataclass
class Ranked:
    instrument: object
    score: int = 0
    fits: list = field(default_factory=list)
    misfits: list = field(default_factory=list)

    @property
    def verdict(self):
        """(a class for the page's style, the verdict in words)"""
        if self.score >= 2:
            return "good", _("Passar bra med dina svar")
        if self.score > 0:
            return "some", _("Passar delvis")
        if self.score < 0:
            return "poor", _("Passar sämre med dina svar")
        if self.fits or self.misfits:
            return "some", _("Både för och emot")
        return "none", _("Rapporten säger inget om formen i det du svarat")


def rank(instruments, answers):
    """The instruments, best fit first (ties keep the instruments' order),
    each with the reasons for and against it from the given answers."""
    ranked = {instrument.slug: Ranked(instrument) for instrument in instruments}
    for (question, answer), reasons in RULES.items():
        if answers.get(question) != answer:
            continue
        for slug, reason in reasons.items():
            if slug not in ranked:
                continue
            entry = ranked[slug]
            entry.score += reason.points
            (entry.fits if reason.points > 0 else entry.misfits).append(reason)
    return sorted(ranked.values(), key=lambda entry: -entry.score)
