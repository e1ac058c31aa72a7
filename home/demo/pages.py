"""Text of the demo's home and legal pages. Legal texts are placeholders and say so."""

PLACEHOLDER = (
    "<p><b>Platzhalter – dieser Text ist ein Muster und muss vor dem Livegang durch die echten, "
    "rechtlich geprüften Angaben ersetzt werden.</b></p>"
)

HOME_INTRO = (
    "<p>Unternehmerfrühstück, Messe, Barcamp oder Serviceclub: Welches Netzwerk-Format lohnt sich wirklich? "
    "Hier bewerten Unternehmerinnen und Unternehmer jedes Format nach drei Fragen – <b>Kontakte</b>, "
    "<b>Informationen</b> und <b>Spaß</b> – und tauschen ihre Erfahrungen aus.</p>"
)

STANDARD_PAGES = [
    {
        "title": "Über mich",
        "slug": "ueber-mich",
        "show_in_menus": True,
        "body": PLACEHOLDER
        + "<p>Ich bin selbständiger Berater und gewinne etwa die Hälfte meiner Aufträge über Netzwerkaktivitäten. "
        "Seit vielen Jahren besuche ich Netzwerkveranstaltungen aller Art und bewerte sie nach drei Fragen: "
        "Habe ich spannende Kontakte für mein Geschäft gewonnen? Habe ich relevante Informationen bekommen? "
        "Hatte ich Spaß?</p><p>Auf dieser Seite stelle ich Woche für Woche ein Format vor und freue mich auf "
        "Ihre Erfahrungen.</p>",
    },
    {
        "title": "Impressum",
        "slug": "impressum",
        "show_in_menus": False,
        "body": PLACEHOLDER
        + "<h2>Angaben gemäß § 5 DDG</h2><p>[Vorname Nachname]<br>[Straße Hausnummer]<br>[PLZ Ort]</p>"
        "<h2>Kontakt</h2><p>Telefon: [Telefonnummer]<br>E-Mail: [E-Mail-Adresse]</p>"
        "<h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2><p>[Vorname Nachname, Anschrift wie oben]</p>",
    },
    {
        "title": "Datenschutz",
        "slug": "datenschutz",
        "show_in_menus": False,
        "body": PLACEHOLDER + "<h2>Verantwortlicher</h2><p>[Name und Anschrift wie im Impressum]</p>"
        "<h2>Keine Drittanbieter</h2><p>Diese Website lädt keine Inhalte von anderen Servern: keine Schriftarten, "
        "keine Werbe- oder Analysedienste, keine eingebetteten Videos, keine Profilbilder von Drittanbietern.</p>"
        "<h2>Leserkonto und Bewertungen</h2><p>Für ein Leserkonto speichern wir Ihre E-Mail-Adresse, ein "
        "verschlüsseltes Passwort und Ihren Anzeigenamen, dazu Ihre Bewertungen der Formate. Unter „Mein Konto“ "
        "können Sie alle diese Daten als Datei herunterladen und Ihr Konto selbst löschen; dabei löschen wir auch "
        "alle Ihre Bewertungen. Ihre Kommentare bleiben stehen, damit Antworten verständlich bleiben, aber ohne "
        "Namen, E-Mail- und IP-Adresse („ehemaliges Mitglied“) – auch die, die Sie vorher ohne Konto unter "
        "derselben E-Mail-Adresse geschrieben haben.</p>"
        "<h2>Kommentare</h2><p>Zu jedem Kommentar speichern wir Name, E-Mail-Adresse und IP-Adresse. Die "
        "IP-Adresse löschen wir nach 30 Tagen automatisch. Kommentare ohne Konto erscheinen erst, wenn Sie den "
        "Link in unserer E-Mail anklicken; unbestätigte Kommentare löschen wir nach 7 Tagen. Benachrichtigungen "
        "können Sie in jeder E-Mail mit einem Klick abbestellen. Profilbilder laden wir von nirgendwo.</p>"
        "<h2>E-Mails</h2><p>Unsere E-Mails verschicken wir über eine Warteschlange: Texte und Links darin löschen "
        "wir gleich nach dem Versand, die erledigten Versandaufträge nach 7 Tagen.</p>"
        "<h2>Server-Protokolle</h2><p>[Welche Daten beim Aufruf gespeichert werden, zu welchem Zweck und wie lange.]</p>"
        "<h2>Ihre Rechte</h2><p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
        "Verarbeitung, Datenübertragbarkeit und Widerspruch sowie das Recht auf Beschwerde bei einer "
        "Aufsichtsbehörde.</p>",
    },
]
