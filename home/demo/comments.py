"""The demo's discussion: readers and the author on the posts and on the format pages.

Threads go three levels deep, as the site allows. `hours` counts from the page's publication;
on format pages the loader squeezes a thread into the time the page has been online, should
that be shorter than written here. Every comment's key is stored with it, so a second load
finds it instead of adding it again.

`likes` is how many other readers liked a comment. A few carry a state the moderators see:
`held` (waiting for approval, as the spam rules hold back a comment with three links),
`reported` (reporter, reason, note), `edited` (minutes after writing), `deleted` (by its writer).
"""

AUTHOR = "autor"
# Format pages are online from the first part on; their discussion follows the post that
# presents the format, a week per part.
WEEK = 7 * 24


def comment(key, by, hours, text, *, likes=0, replies=(), **state):
    return {"key": key, "by": by, "hours": hours, "text": text, "likes": likes, "replies": list(replies), **state}


def in_week_of_part(part, hours):
    return (part - 1) * WEEK + hours


# ("post", series part) or ("format", slug) → top-level comments with their replies.
DISCUSSIONS = {
    ("post", 1): [
        comment(
            "p1-vierte-frage",
            "anna",
            5,
            "Ich erkenne mich in Ihren drei Fragen wieder. Bei mir kommt noch eine vierte dazu: Konnte ich "
            "jemandem helfen? Oft ist genau das der Anfang eines Auftrags – nur eben ein halbes Jahr später.",
            likes=6,
            replies=[
                comment(
                    "p1-vierte-frage-autor",
                    AUTHOR,
                    8,
                    "Danke, Frau Becker! Die vierte Frage steckt bei mir in der zweiten Instanz: Wer anderen hilft, "
                    "wird weiterempfohlen. Aber Sie haben recht, man sollte sie sich ruhig ausdrücklich stellen.",
                    likes=3,
                    replies=[
                        comment(
                            "p1-vierte-frage-thomas",
                            "thomas",
                            27,
                            "Geben kommt vor Nehmen – klingt abgedroschen, stimmt aber. Bei mir kamen die besten "
                            "Empfehlungen von Leuten, denen ich vorher einen Kontakt vermittelt hatte.",
                            likes=2,
                        ),
                    ],
                ),
            ],
        ),
        comment(
            "p1-butterfahrt",
            "michael",
            26,
            "Die Butterfahrt trifft es. Ich war letztens bei so einem Abend: sechzig Leute, jeder dreißig "
            "Sekunden Pitch, danach Visitenkartentausch. Ergebnis: null. Welche Formate meiden Sie inzwischen ganz?",
            likes=4,
            replies=[
                comment(
                    "p1-butterfahrt-autor",
                    AUTHOR,
                    30,
                    "Ganz meide ich kaum ein Format, aber ich gehe nicht mehr unvorbereitet hin. Entscheidend ist, "
                    "was vor und nach dem Abend passiert. Das Speed-Dating bekommt in dieser Serie einen eigenen Teil – "
                    "da geht es genau darum.",
                    likes=2,
                ),
            ],
        ),
        comment(
            "p1-fuenfzig-prozent",
            "birgit",
            50,
            "Fünfzig Prozent der Aufträge aus dem Netzwerk kann ich für mich nicht bestätigen, bei mir sind es "
            "eher zehn. Liegt das an der Branche? Ich gebe Software-Schulungen.",
            likes=1,
            replies=[
                comment(
                    "p1-fuenfzig-prozent-autor",
                    AUTHOR,
                    53,
                    "Die Branche spielt sicher mit. Zählen Sie aber einmal auch die Aufträge mit, die über einen "
                    "Dritten kamen: Wer hat Sie empfohlen, und wo haben Sie diese Person kennengelernt? Bei mir hat "
                    "erst diese Rechnung die fünfzig Prozent ergeben.",
                    likes=5,
                    replies=[
                        comment(
                            "p1-fuenfzig-prozent-birgit",
                            "birgit",
                            75,
                            "Guter Punkt. Ich habe angefangen, mir nach jeder Veranstaltung zu notieren, wen ich über "
                            "wen kennengelernt habe. Ich berichte in ein paar Monaten.",
                            likes=2,
                        ),
                    ],
                ),
            ],
        ),
    ],
    ("post", 2): [
        comment(
            "p2-empfehlungen",
            "claudia",
            6,
            "Ich bin seit vier Jahren in einer Frühstücksrunde. Der wichtigste Satz, den ich dort gelernt habe: "
            "Empfehlungen gibt man, bevor man welche bekommt. Schön, ihn hier wiederzufinden.",
            likes=5,
            replies=[
                comment(
                    "p2-empfehlungen-joerg",
                    "joerg",
                    9,
                    "Bei uns gibt es pro Branche einen Platz. Das nimmt den Konkurrenzdruck raus, macht die Runde aber "
                    "auch träge, wenn jemand seinen Platz nur noch hält und kaum noch kommt.",
                    likes=2,
                    replies=[
                        comment(
                            "p2-empfehlungen-autor",
                            AUTHOR,
                            12,
                            "Das ist der wunde Punkt vieler Runden. Eine gute Runde hat eine Anwesenheitsregel und "
                            "setzt sie auch durch – sonst blockiert ein stilles Mitglied eine ganze Branche.",
                            likes=3,
                        ),
                    ],
                ),
            ],
        ),
        comment(
            "p2-frueh",
            "birgit",
            30,
            "Um sieben Uhr morgens bin ich ehrlich gesagt nicht in Bestform. Ich habe es zweimal versucht und bin "
            "bei der Spaß-Frage ganz klar bei Nein.",
            likes=3,
        ),
    ],
    ("post", 3): [
        comment(
            "p3-notiz",
            "julia",
            4,
            "Ich fand es großartig, gerade weil es so schnell geht. Ihren Trick mit der Notiz auf der Karte mache ich "
            "genauso – ohne die wüsste ich am nächsten Morgen nicht mehr, wer wer war.",
            likes=3,
            replies=[
                comment(
                    "p3-notiz-autor",
                    AUTHOR,
                    7,
                    "Dann sind wir schon zwei! Haben Sie aus einem der Gespräche einen Auftrag gewonnen, oder eher "
                    "Kooperationspartner?",
                    likes=1,
                    replies=[
                        comment(
                            "p3-notiz-julia",
                            "julia",
                            10,
                            "Eine Kooperation: Eine Grafikerin, die ich dort getroffen habe, arbeitet inzwischen bei "
                            "fast jedem meiner Projekte mit.",
                            likes=2,
                        ),
                    ],
                ),
            ],
        ),
        comment(
            "p3-zeitverschwendung",
            "patrick",
            28,
            "Speed-Dating ist Zeitverschwendung für Leute, die sonst keine Kontakte finden. Wer so etwas gut "
            "bewertet, hat offenbar nichts Besseres zu tun.",
            reported=("julia", "abuse", "Wertet andere Leser persönlich ab, statt über das Format zu sprechen."),
            replies=[
                comment(
                    "p3-zeitverschwendung-sven",
                    "sven",
                    31,
                    "Das kann man freundlicher sagen. Für mich war es auch nichts, aber als ich neu in der Stadt war, "
                    "hat es mir den Einstieg leichter gemacht.",
                    likes=4,
                ),
            ],
        ),
    ],
    ("post", 4): [
        comment(
            "p4-rezept",
            "dirk",
            3,
            "Mein Messe-Rezept: vier Wochen vorher Termine vereinbaren, höchstens zwei Stunden am Stück in den Hallen, "
            "abends immer zum Branchenempfang. Der Empfang bringt mir mehr als der ganze Messetag.",
            likes=7,
            edited=4,
            replies=[
                comment(
                    "p4-rezept-matthias",
                    "matthias",
                    6,
                    "Unterschreibe ich. Und am letzten Messetag sind die Aussteller am gesprächigsten.",
                    likes=4,
                    replies=[
                        comment(
                            "p4-rezept-autor",
                            AUTHOR,
                            9,
                            "Der letzte Messetag ist auch mein Geheimtipp – verraten wir ihn nicht zu laut, sonst ist "
                            "es dort bald so voll wie am ersten.",
                            likes=3,
                        ),
                    ],
                ),
            ],
        ),
        comment(
            "p4-verloren",
            "jan",
            29,
            "Als kleiner Dienstleister fühle ich mich auf großen Messen verloren. Die Informationen sind gut, aber an "
            "die Entscheider komme ich nicht heran.",
            likes=2,
            replies=[
                comment(
                    "p4-verloren-autor",
                    AUTHOR,
                    33,
                    "Versuchen Sie es über die Vortragsbühnen: Wer dort spricht, bleibt danach meist noch eine Weile, "
                    "und eine Frage zum Vortrag ist der leichteste Einstieg in ein Gespräch. Und schreiben Sie vorher "
                    "an, wen Sie treffen möchten – kleine Anbieter bekommen erstaunlich oft einen Termin.",
                    likes=3,
                ),
            ],
        ),
    ],
    ("post", 5): [
        comment(
            "p5-elf-jahre",
            "frank",
            4,
            "Unser Stammtisch in Lüneburg läuft seit elf Jahren. Geschäft? Ja, aber erst nach zwei, drei Jahren. "
            "Dafür waren es die treuesten Kunden, die ich habe.",
            likes=5,
            replies=[
                comment(
                    "p5-elf-jahre-autor",
                    AUTHOR,
                    8,
                    "Genau das meine ich mit der Rechnung in Jahren. Elf Jahre sind beeindruckend – was hält Ihren "
                    "Stammtisch so lange zusammen?",
                    likes=1,
                    replies=[
                        comment(
                            "p5-elf-jahre-frank",
                            "frank",
                            11,
                            "Ein fester Termin, den niemand verlegt, und ein Wirt, der uns den Tisch freihält. Mehr "
                            "Organisation braucht es nicht.",
                            likes=3,
                        ),
                    ],
                ),
            ],
        ),
        comment(
            "p5-ort",
            "nicole",
            27,
            "Ich war anfangs die einzige Frau am Tisch und habe mich schwergetan. Seit wir aus der Kneipe in ein Café "
            "umgezogen sind, kommen deutlich mehr Frauen. Der Ort macht viel aus.",
            likes=6,
        ),
    ],
    ("post", 6): [
        comment(
            "p6-kurz",
            "birgit",
            5,
            "Der Vortrag bei unserer Kammer war sehr gut besucht, das Get-together danach dauerte leider nur vierzig "
            "Minuten. Da bleibt kaum Zeit für mehr als zwei Gespräche.",
            likes=1,
            replies=[
                comment(
                    "p6-kurz-dirk",
                    "dirk",
                    8,
                    "Tipp: Die Referenten bleiben oft noch. Mit denen ins Gespräch zu kommen, ist leichter als gedacht.",
                    likes=2,
                ),
            ],
        ),
        comment(
            "p6-geloescht",
            "ralf",
            26,
            # Deleted by its writer two hours later: the thread shows a placeholder, the reply stays.
            "Wer beim Get-together Kontakte will, sollte vorher die Teilnehmerliste anfordern.",
            deleted=2,
            replies=[
                comment(
                    "p6-geloescht-heike",
                    "heike",
                    29,
                    "Die Teilnehmerliste vorher anzufordern, ist übrigens ein guter Hinweis – unsere Kammer verschickt "
                    "sie auf Nachfrage, wenn die Teilnehmer zugestimmt haben.",
                    likes=1,
                ),
            ],
        ),
    ],
    ("post", 7): [
        comment(
            "p7-session",
            "oliver",
            3,
            "Mein erstes Barcamp war vor fünf Jahren, seitdem halte ich jedes Mal eine Session. Die Leute kommen danach "
            "von selbst auf einen zu, genau wie Sie schreiben.",
            likes=4,
            replies=[
                comment(
                    "p7-session-autor",
                    AUTHOR,
                    5,
                    "Worüber war Ihre erste Session? Ich frage, weil viele glauben, sie hätten nichts zu erzählen.",
                    likes=1,
                    replies=[
                        comment(
                            "p7-session-oliver",
                            "oliver",
                            7,
                            "Über meine Fehler bei der ersten Kundenakquise. Die Session war voll – Fehler interessieren "
                            "offenbar mehr als Erfolgsgeschichten.",
                            likes=5,
                        ),
                    ],
                ),
            ],
        ),
        comment(
            "p7-verkauf",
            "alexander",
            20,
            "Ich war auf einem Barcamp, auf dem die Hälfte der Sessions verkappte Verkaufsvorträge waren. Das hat mir "
            "die Lust genommen.",
            likes=2,
            replies=[
                comment(
                    "p7-verkauf-daniela",
                    "daniela",
                    23,
                    "Das liegt an der Organisation. Bei uns wird in der Sessionplanung offen gesagt, dass Pitches nicht "
                    "erwünscht sind – und wer es trotzdem versucht, hat beim nächsten Mal einen leeren Raum.",
                    likes=3,
                ),
            ],
        ),
    ],
    ("format", "barcamp"): [
        comment(
            "f-barcamp-partner",
            "julia",
            in_week_of_part(7, 26),
            "Fünf Punkte für alles. Meinen heutigen Geschäftspartner habe ich über ein Barcamp kennengelernt – über "
            "jemanden, der in meiner Session saß und ihn mir am Abend vorgestellt hat.",
            likes=3,
            replies=[
                comment(
                    "f-barcamp-partner-lena",
                    "lena",
                    in_week_of_part(7, 30),
                    "Das macht Mut. Mein erstes Barcamp hat mir vor allem Informationen gebracht, die Kontakte kommen "
                    "hoffentlich noch.",
                    likes=1,
                ),
            ],
        ),
    ],
    ("format", "fachmesse"): [
        comment(
            "f-fachmesse-fuesse",
            "michael",
            in_week_of_part(4, 28),
            "Informationen: fünf, ohne Diskussion. Spaß: zwei – die Füße tun mir danach drei Tage weh.",
            likes=4,
        ),
        comment(
            "f-fachmesse-leads",
            "rene",
            in_week_of_part(4, 50),
            "Messe-Leads garantiert! Mit unserem Besucher-Scanner verdoppeln Sie Ihre Kontakte: "
            "https://messe-leads.example.org/angebot https://messe-leads.example.org/preise "
            "https://messe-leads.example.org/demo",
            held=True,
        ),
    ],
    ("format", "unternehmerstammtisch"): [
        comment(
            "f-stammtisch-kunden",
            "kai",
            in_week_of_part(5, 25),
            "Vier Punkte bei den Kontakten, weil ich nach zwei Jahren Stammtisch drei feste Kunden habe. Alle drei kamen "
            "über Empfehlungen – zweite Instanz, wie der Autor sagt.",
            likes=3,
            replies=[
                comment(
                    "f-stammtisch-kunden-autor",
                    AUTHOR,
                    in_week_of_part(5, 29),
                    "Herzlichen Glückwunsch – das ist genau der Weg, den ich beschrieben habe. Zwei Jahre Geduld "
                    "bringen beim Stammtisch mehr als zehn Abende in einem Quartal.",
                    likes=2,
                    replies=[
                        comment(
                            "f-stammtisch-kunden-ralf",
                            "ralf",
                            in_week_of_part(5, 52),
                            "Bei mir hat es nicht funktioniert, aber ich war auch nur einmal da. Vielleicht gebe ich "
                            "dem Format noch eine Chance.",
                            likes=1,
                        ),
                    ],
                ),
            ],
        ),
    ],
    ("format", "serviceclub"): [
        comment(
            "f-serviceclub-lions",
            "karin",
            in_week_of_part(5, 80),
            "Seit vierzehn Jahren im Club. Geschäft war nie das Ziel, aber mein größter Auftrag kam über ein "
            "Clubmitglied, das mich einem Geschäftsfreund empfohlen hat.",
            likes=4,
            replies=[
                comment(
                    "f-serviceclub-lions-stefan",
                    "stefan",
                    in_week_of_part(5, 100),
                    "Bei mir war es umgekehrt: zu viel Verpflichtung, zu wenig Zeit. Ich bin nach zwei Jahren "
                    "ausgetreten. Man muss es wirklich wollen.",
                    likes=2,
                ),
            ],
        ),
    ],
    ("format", "unternehmerfruehstueck"): [
        comment(
            "f-fruehstueck-runde",
            "uwe",
            in_week_of_part(2, 30),
            "Es kommt auf die Runde an, nicht auf das Format: Ich war in zwei Frühstückskreisen, einer war großartig, "
            "der andere eine Verkaufsveranstaltung.",
            likes=3,
            replies=[
                comment(
                    "f-fruehstueck-runde-autor",
                    AUTHOR,
                    in_week_of_part(2, 34),
                    "Woran haben Sie den Unterschied gemerkt? Ich schaue inzwischen als Erstes, wie viele Gäste "
                    "wiederkommen.",
                    likes=1,
                    replies=[
                        comment(
                            "f-fruehstueck-runde-uwe",
                            "uwe",
                            in_week_of_part(2, 40),
                            "Daran, wer redet: Im guten Kreis wurde nach Problemen gefragt, im anderen nur das eigene "
                            "Angebot vorgestellt.",
                            likes=2,
                        ),
                    ],
                ),
            ],
        ),
    ],
    ("format", "business-speed-dating"): [
        comment(
            "f-speed-steuerberater",
            "tanja",
            in_week_of_part(3, 50),
            "Ich habe dort meinen Steuerberater gefunden. Manchmal reichen vier Minuten eben doch.",
            likes=2,
        ),
    ],
    ("format", "online-netzwerkevent"): [
        comment(
            "f-online-zwischendurch",
            "tanja",
            in_week_of_part(6, 40),
            "Praktisch für zwischendurch, aber dass aus einem Online-Kontakt etwas geworden wäre, habe ich noch nicht "
            "erlebt.",
            likes=1,
            replies=[
                comment(
                    "f-online-zwischendurch-autor",
                    AUTHOR,
                    in_week_of_part(6, 44),
                    "So geht es mir auch. Dem Format widme ich bald einen eigenen Teil der Serie – ich bin gespannt, "
                    "ob andere bessere Erfahrungen gemacht haben.",
                ),
            ],
        ),
    ],
    ("format", "business-club"): [
        comment(
            "f-businessclub-raeume",
            "matthias",
            in_week_of_part(6, 70),
            "Teuer, aber ich nutze die Räume auch für Kundentermine. Damit rechnet es sich für mich.",
            likes=1,
        ),
    ],
}
