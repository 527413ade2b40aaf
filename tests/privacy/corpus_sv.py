"""A test network of invented people and Swedish sentences that name them as people write.

Every person, e-mail address and phone number here is made up; the phone numbers use the 555
series no Swedish subscriber has. The organisations are the public ones of the 2020 network.
"""

from network_app.privacy.recognise import CIVIL_SERVANT, ELECTED_OFFICIAL, KnownPerson

E, C = ELECTED_OFFICIAL, CIVIL_SERVANT

ORGANISATIONS = ("Nacka kommun", "Malmö stad", "Bodens kommun", "Västra Götalandsregionen")

PEOPLE = (
    KnownPerson(
        "Vera Provsson", "vera.provsson@nacka.se", "08-555 123 45", "Kommunalråd", E, "other"
    ),
    KnownPerson(
        "Åke Östergren-Lind",
        "ake.ostergren-lind@nacka.se",
        "070-555 12 34",
        "Säkerhetschef",
        C,
        "security",
    ),
    KnownPerson(
        "Anna-Karin Ek",
        "anna-karin.ek@malmo.se",
        "+46 70 555 98 76",
        "Kommunstyrelsens ordförande",
        E,
        "other",
    ),
    KnownPerson(
        "Hans Lund", "hans.lund@malmo.se", "040-555 66 77", "Kommunikationschef", C, "communication"
    ),
    KnownPerson(
        "Tobias Fors",
        "tobias.fors@boden.se",
        "0921-555 43 21",
        "Demokratiutvecklare",
        C,
        "democracy",
    ),
    KnownPerson("Mark Malm", "mark.malm@boden.se", "070-555 77 88", "Oppositionsråd", E, "other"),
    KnownPerson("Siv Ask", "siv.ask@boden.se", "", "Ledamot i kommunfullmäktige", E, "other"),
    KnownPerson(
        "Karl Johan Lindqvist",
        "karljohan.lindqvist@vgregion.se",
        "010-555 11 22",
        "Dialogstrateg",
        C,
        "dialogue",
    ),
    KnownPerson("Märta Åhlén", "marta.ahlen@vgregion.se", "", "Kommunikatör", C, "communication"),
    KnownPerson(
        "Mohammed Al-Hassan",
        "mohammed.al-hassan@vgregion.se",
        "073-555 01 02",
        "Regionråd",
        E,
        "other",
    ),
    KnownPerson(
        "Eva von Platen",
        "eva.vonplaten@vgregion.se",
        "",
        "Ordförande i regionfullmäktige",
        E,
        "democracy",
    ),
    KnownPerson(
        "Inga Bäckström",
        "inga.backstrom@malmo.se",
        "072-555 31 41",
        "Säkerhetssamordnare",
        C,
        "security",
    ),
    KnownPerson("Per Öberg", "per.oberg@nacka.se", "", "Gruppledare", E, "other"),
    KnownPerson("Lisa Nyqvist", "lisa.nyqvist@skr.se"),  # an account: no role known
    KnownPerson("Jonas Ström", "jonas.strom@nacka.se", "08-555 987 65", "Kanslichef", C, "other"),
    KnownPerson("Bo Hedlund", "bo.hedlund@malmo.se", "", "", E, "other"),
    KnownPerson("Lars Östlund", "lars.ostlund@boden.se", "", "Säkerhetsstrateg", C, "security"),
    KnownPerson("Sara Danielsson", "sara.danielsson@nacka.se", "", "Vice ordförande", E, "other"),
)

# (sentence, the anonymised sentence): every person above appears in some; none of their
# names, name parts, e-mail addresses or phone numbers may remain.
SENTENCES = (
    # The examples of issue 12
    ("Vera har fått sexistiska kommentarer.", "En förtroendevald har fått sexistiska kommentarer."),
    ("Frågor till Provsson.", "Frågor till en förtroendevald."),
    (
        "Provssons e-post har spridits på ett forum.",
        "En förtroendevalds e-post har spridits på ett forum.",
    ),
    ("V. Provsson deltog i mötet.", "En förtroendevald deltog i mötet."),
    ("Östergren-Lind deltog.", "En tjänsteperson deltog."),
    ("Ring 08-555 123 45 om det brådskar.", "Ring [telefonnummer] om det brådskar."),
    ("Hennes mobil är 0705551234.", "Hennes mobil är [telefonnummer]."),
    (
        "Kommunstyrelsens ordförande i Nacka har fått hot.",
        "En förtroendevald i Nacka har fått hot.",
    ),
    (
        "Godkänt för publicering av Säkerhetschef",
        "Godkänt för publicering av en tjänsteperson inom säkerhet",
    ),
    # Full names, in any case, over a line break
    ("Vera Provsson har fått hot via e-post.", "En förtroendevald har fått hot via e-post."),
    ("VERA PROVSSON HAR FÅTT HOT", "EN FÖRTROENDEVALD HAR FÅTT HOT"),
    ("Mötet leddes av vera provsson.", "Mötet leddes av en förtroendevald."),
    (
        "Hotet riktades mot Vera\nProvsson efter sammanträdet.",
        "Hotet riktades mot en förtroendevald efter sammanträdet.",
    ),
    (
        "Hotet riktades mot Vera Provs-\nson efter sammanträdet.",
        "Hotet riktades mot en förtroendevald efter sammanträdet.",
    ),
    ("Provsson, Vera: kontaktperson.", "En förtroendevald: kontaktperson."),
    # Hyphenated and double names, each part and the whole
    (
        "Åke Östergren-Lind ansvarar för riskanalysen.",
        "En tjänsteperson ansvarar för riskanalysen.",
    ),
    (
        "Östergren har skrivit rutinen och Lind har granskat den.",
        "En tjänsteperson har skrivit rutinen och tjänstepersonen har granskat den.",
    ),
    ("Rutinen granskades av Östergren–Lind.", "Rutinen granskades av en tjänsteperson."),
    ("Anna-Karin Ek öppnade sammanträdet.", "En förtroendevald öppnade sammanträdet."),
    ("Anna-Karin har fått brev hem.", "En förtroendevald har fått brev hem."),
    ("Anna Karin Ek har fått brev hem.", "En förtroendevald har fått brev hem."),
    ("Karl Johan Lindqvist leder medborgardialogen.", "En tjänsteperson leder medborgardialogen."),
    ("Karl Johan har bokat lokalen.", "En tjänsteperson har bokat lokalen."),
    (
        "Lindqvists förslag är att dialogen hålls digitalt.",
        "En tjänstepersons förslag är att dialogen hålls digitalt.",
    ),
    (
        "Mohammed Al-Hassan har fått hot i sociala medier.",
        "En förtroendevald har fått hot i sociala medier.",
    ),
    ("Al-Hassan polisanmälde hotet.", "En förtroendevald polisanmälde hotet."),
    ("Eva von Platen leder sammanträdet.", "En förtroendevald leder sammanträdet."),
    ("Frågan lyftes av von Platen.", "Frågan lyftes av en förtroendevald."),
    # Without Swedish letters, and written as systems write them
    ("Ake Ostergren-Lind har ringt polisen.", "En tjänsteperson har ringt polisen."),
    ("Aake Oestergren har ringt polisen.", "En tjänsteperson har ringt polisen."),
    ("Marta Ahlen skriver pressmeddelandet.", "En tjänsteperson skriver pressmeddelandet."),
    ("Pressmeddelandet skrevs av Märta Åhlén.", "Pressmeddelandet skrevs av en tjänsteperson."),
    ("Inga Backstrom ordnar skyddet.", "En tjänsteperson ordnar skyddet."),
    ("Oberg har anmält händelsen.", "En förtroendevald har anmält händelsen."),
    # Initials
    ("V.P. och Å.Ö-L. träffades i går.", "En förtroendevald och en tjänsteperson träffades i går."),
    (
        "Protokollet justerades av VP och ÅÖL.",
        "Protokollet justerades av en förtroendevald och en tjänsteperson.",
    ),
    ("A-K. Ek deltog digitalt.", "En förtroendevald deltog digitalt."),
    ("Anteckningar: M. Malm", "Anteckningar: en förtroendevald"),
    ("S.D. meddelade förhinder.", "En förtroendevald meddelade förhinder."),
    # Genitive, also after -s, -x, -z
    ("Provssons e-post är vera.provsson@nacka.se.", "En förtroendevalds e-post är [e-postadress]."),
    ("Tobias' rapport var klar i tid.", "En tjänstepersons rapport var klar i tid."),
    ("Fors' rapport var klar i tid.", "En tjänstepersons rapport var klar i tid."),
    (
        "Lars' bil fick ett hotfullt meddelande.",
        "En tjänstepersons bil fick ett hotfullt meddelande.",
    ),
    (
        "Östlunds riskanalys låg till grund för beslutet.",
        "En tjänstepersons riskanalys låg till grund för beslutet.",
    ),
    (
        "Jonas' förslag var att stänga läktaren.",
        "En tjänstepersons förslag var att stänga läktaren.",
    ),
    ("Ströms anteckningar finns i diariet.", "En tjänstepersons anteckningar finns i diariet."),
    ("Vera's adress har spridits.", "En förtroendevalds adress har spridits."),
    # Names that are also words, written as names
    (
        "Frågor till Hans om kommunikationsplanen.",
        "Frågor till en tjänsteperson om kommunikationsplanen.",
    ),
    ("Mark deltog på distans.", "En förtroendevald deltog på distans."),
    ("Hotet mot Siv togs på allvar.", "Hotet mot en förtroendevald togs på allvar."),
    ("Ask har bett om skydd.", "En förtroendevald har bett om skydd."),
    ("Vi pratade med Bo om säkerheten.", "Vi pratade med en förtroendevald om säkerheten."),
    (
        "Beslutet togs efter att Inga hade informerat styrelsen.",
        "Beslutet togs efter att en tjänsteperson hade informerat styrelsen.",
    ),
    ("Frågor om pressen besvaras av Ström.", "Frågor om pressen besvaras av en tjänsteperson."),
    ("Malm har bytt telefonnummer.", "En förtroendevald har bytt telefonnummer."),
    ("Hans Lund skrev talepunkterna.", "En tjänsteperson skrev talepunkterna."),
    # Titles
    ("Kommunalrådet Vera Provsson har fått hot.", "En förtroendevald har fått hot."),
    ("Vera Provsson, kommunalråd, har fått hot.", "En förtroendevald har fått hot."),
    (
        "Säkerhetschefen har kontaktat polisen.",
        "En tjänsteperson inom säkerhet har kontaktat polisen.",
    ),
    (
        "Nackas säkerhetschef har kontaktat polisen.",
        "En tjänsteperson inom säkerhet har kontaktat polisen.",
    ),
    (
        "Kommunikationschefen i Malmö tar mediekontakterna.",
        "En tjänsteperson inom kommunikation i Malmö tar mediekontakterna.",
    ),
    (
        "Vår kommunikationschef tar mediekontakterna.",
        "En tjänsteperson inom kommunikation tar mediekontakterna.",
    ),
    ("Oppositionsrådet har fått ett hotbrev.", "En förtroendevald har fått ett hotbrev."),
    ("KSO har fått ett hotbrev.", "En förtroendevald har fått ett hotbrev."),
    (
        "Ledamot i kommunfullmäktige Siv Ask fick ett hotfullt samtal.",
        "En förtroendevald fick ett hotfullt samtal.",
    ),
    (
        "Ordföranden i regionfullmäktige har beslutat om skydd.",
        "En förtroendevald har beslutat om skydd.",
    ),
    (
        "Säkerhetssamordnaren Inga Bäckström ordnar skyddet.",
        "En tjänsteperson inom säkerhet ordnar skyddet.",
    ),
    ("Kanslichefen har bokat en vakt.", "En tjänsteperson har bokat en vakt."),
    (
        "Demokratiutvecklaren samlar in synpunkterna.",
        "En tjänsteperson inom demokrati samlar in synpunkterna.",
    ),
    ("Gruppledaren Per Öberg har fått hot.", "En förtroendevald har fått hot."),
    ("Regionrådets e-post har hackats.", "En förtroendevalds e-post har hackats."),
    (
        "Godkänt för publicering av Vera Provsson den 3 mars.",
        "Godkänt för publicering av en förtroendevald den 3 mars.",
    ),
    ("Sara Danielsson, vice ordförande, har fått hot.", "En förtroendevald har fått hot."),
    (
        "Danielsson har fått hot efter sammanträdet.",
        "En förtroendevald har fått hot efter sammanträdet.",
    ),
    # Known people who are accounts only
    ("Lisa Nyqvist på SKR har fått underlaget.", "[namn] på SKR har fått underlaget."),
    ("Skicka frågor till Nyqvist.", "Skicka frågor till [namn]."),
    # E-mail addresses, known or not
    (
        "Skriv till ake.ostergren-lind@nacka.se eller säkerhet@nacka.se.",
        "Skriv till [e-postadress] eller [e-postadress].",
    ),
    ("Hotet kom från arg.medborgare@example.com.", "Hotet kom från [e-postadress]."),
    ("Adressen är inga.backstrom(at)malmo.se.", "Adressen är [e-postadress]."),
    # Phone numbers in every Swedish format, known or not
    ("Ring +46 8 555 123 45.", "Ring [telefonnummer]."),
    ("Ring 0046 8 555 123 45.", "Ring [telefonnummer]."),
    ("Ring (08) 555 123 45.", "Ring [telefonnummer]."),
    ("Ring 08/555 12345.", "Ring [telefonnummer]."),
    ("Ring 08.555.123.45.", "Ring [telefonnummer]."),
    ("Tel: +46 (0)70-555 12 34.", "Tel: [telefonnummer]."),
    ("Mobil 070 555 12 34, växel 08-555 000 00.", "Mobil [telefonnummer], växel [telefonnummer]."),
    ("Numret +46705551234 står på hemsidan.", "Numret [telefonnummer] står på hemsidan."),
    ("Ring Tobias Fors på 0921-555 43 21.", "Ring en tjänsteperson på [telefonnummer]."),
    ("Ring 031-555 00 11 eller 0771-55 55 55.", "Ring [telefonnummer] eller [telefonnummer]."),
    ("Utan riktnummer: 555 12 34.", "Utan riktnummer: [telefonnummer]."),
    # Personal identity numbers
    ("Personnumret 850101-1234 stod i brevet.", "Personnumret [personnummer] stod i brevet."),
    ("Personnumret 19850101-1234 stod i brevet.", "Personnumret [personnummer] stod i brevet."),
    ("Personnumret 8501010006 stod i brevet.", "Personnumret [personnummer] stod i brevet."),
    (
        "Samordningsnumret 850161-1234 stod i brevet.",
        "Samordningsnumret [personnummer] stod i brevet.",
    ),
    ("Hon är född 121212+1212.", "Hon är född [personnummer]."),
    # Everyone in one text: the second of a kind is "en annan"
    (
        "Vera Provsson och Mark Malm har fått hot; Vera polisanmälde och Mark avvaktar.",
        "En förtroendevald och en annan förtroendevald har fått hot; den första förtroendevalda"
        " polisanmälde och den andra förtroendevalda avvaktar.",
    ),
    (
        "Åke ringde Inga Bäckström, som ringde Åke tillbaka.",
        "En tjänsteperson ringde en annan tjänsteperson, som ringde den första"
        " tjänstepersonen tillbaka.",
    ),
)

# Ordinary words that are also some of the people's names: left as they are.
KEPT = (
    "Vi träffas en gång per år.",
    "Mötet förde hans förslag till protokollet.",
    "Beslutet gäller mark och vatten i hela kommunen.",
    "En sten kastades mot fönstret.",
    "Inga beslut fattades.",
    "Hon vill bo kvar i kommunen.",
    "Han gick ut i en lund bakom stadshuset.",
    "En ström av hot kom efter beslutet.",
    "Frågor om malm och gruvor väcker känslor.",
    "En ask med choklad lämnades i receptionen.",
    "Säkerhetssamordnare eller säkerhetschef brukar ansvara för rutinen.",
    "Samtliga kommunalråd erbjuds säkerhetssamtal.",
    "Kommunen har beslutat om en riktlinje 2019-05-14.",
)

# (sentence, the words flagged for review): names the app cannot know, and words that may be
# a known person's name.
FLAGGED = (
    ("Hans förslag antogs utan debatt.", "Hans"),
    ("Journalisten Kalle Svensson ringde i går.", "Kalle Svensson"),
    ("Mötet hölls i Fisksätra.", "Fisksätra"),
    ("Hon är född 1971-04-12.", "1971-04-12"),
    ("Han bor på Storgatan 12 i Nacka.", "Storgatan 12"),
    ("Bilen hade registreringsnummer ABC 123.", "ABC 123"),
    ("Kommunalrådet (S) har fått hot.", "S"),
    ("Protokollet justerades av SD.", "SD"),
    ("Per ringde polisen direkt.", "Per"),
    ("Hans nummer är 040-555 66 77.", "Hans"),
    ("Adressen är 131 81 Nacka.", "131 81 Nacka"),
)
