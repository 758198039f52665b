<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Connect to a server…</source>
        <translation>Mit einem Server verbinden…</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Change server…</source>
        <translation>Server wechseln…</translation>
    </message>
    <message>
        <source>Use local mode</source>
        <translation>Lokalen Modus verwenden</translation>
    </message>
    <message>
        <source>Availability is starting…</source>
        <translation>Availability wird gestartet…</translation>
    </message>
    <message>
        <source>Quiet hours: show busy at these times</source>
        <translation>Ruhezeiten: zu diesen Zeiten als beschäftigt anzeigen</translation>
    </message>
    <message>
        <source>Quiet hours enabled</source>
        <translation>Ruhezeiten aktiviert</translation>
    </message>
    <message>
        <source>Quiet hours on {day}</source>
        <translation>Ruhezeiten am {day}</translation>
    </message>
    <message>
        <source>Days:</source>
        <translation>Tage:</translation>
    </message>
    <message>
        <source>Quiet hours start</source>
        <translation>Beginn der Ruhezeiten</translation>
    </message>
    <message>
        <source>Quiet hours end</source>
        <translation>Ende der Ruhezeiten</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>Quiet hours time zone</source>
        <translation>Zeitzone der Ruhezeiten</translation>
    </message>
    <message>
        <source>Pick a time zone.</source>
        <translation>Wählen Sie eine Zeitzone.</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Zeitzone:</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Active sessions</source>
        <translation>Aktive Sitzungen</translation>
    </message>
    <message>
        <source>Active now:</source>
        <translation>Jetzt aktiv:</translation>
    </message>
    <message>
        <source>Maximum concurrent sessions</source>
        <translation>Maximale gleichzeitige Sitzungen</translation>
    </message>
    <message>
        <source>Maximum at once:</source>
        <translation>Höchstens gleichzeitig:</translation>
    </message>
    <message>
        <source>Online sessions</source>
        <translation>Online-Sitzungen</translation>
    </message>
    <message>
        <source>Take online sessions</source>
        <translation>Online-Sitzungen annehmen</translation>
    </message>
    <message>
        <source>In-person sessions</source>
        <translation>Sitzungen vor Ort</translation>
    </message>
    <message>
        <source>Take in-person sessions</source>
        <translation>Sitzungen vor Ort annehmen</translation>
    </message>
    <message>
        <source>I take:</source>
        <translation>Ich nehme an:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Wrap-up time after a session</source>
        <translation>Nachbereitungszeit nach einer Sitzung</translation>
    </message>
    <message>
        <source>Busy for this long after your last session ends, to write your notes. The tray counts it down, with Extend and I&apos;m ready.</source>
        <translation>So lange nach dem Ende Ihrer letzten Sitzung beschäftigt, um Notizen zu schreiben. Das Symbol in der Leiste zählt herunter, mit „Verlängern“ und „Ich bin bereit“.</translation>
    </message>
    <message>
        <source>Wrap-up after a session:</source>
        <translation>Nachbereitung nach einer Sitzung:</translation>
    </message>
    <message>
        <source>At most {most} sessions at once: {value} is more than the server allows. Kept at {kept}.</source>
        <translation>Höchstens {most} Sitzungen gleichzeitig: {value} ist mehr, als der Server erlaubt. Es bleibt bei {kept}.</translation>
    </message>
    <message>
        <source>Sign in — Availability</source>
        <translation>Anmelden — Availability</translation>
    </message>
    <message>
        <source>Sign in to your organisation&apos;s status server.</source>
        <translation>Melden Sie sich am Statusserver Ihrer Organisation an.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Add a calendar — Availability</source>
        <translation>Kalender hinzufügen — Availability</translation>
    </message>
    <message>
        <source>While an event in it is busy, you show as busy. Only the time it ends leaves this computer; titles never do.</source>
        <translation>Solange ein Termin darin als beschäftigt gilt, erscheinen Sie als beschäftigt. Nur seine Endzeit verlässt diesen Computer, Titel nie.</translation>
    </message>
    <message>
        <source>A calendar link (ICS, iCal or webcal)</source>
        <translation>Ein Kalender-Link (ICS, iCal oder webcal)</translation>
    </message>
    <message>
        <source>A CalDAV account</source>
        <translation>Ein CalDAV-Konto</translation>
    </message>
    <message>
        <source>Calendar address</source>
        <translation>Kalenderadresse</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>The address and any password are kept in your system keyring.</source>
        <translation>Die Adresse und ein Passwort werden im Schlüsselbund des Systems aufbewahrt.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Anmeldeproblem</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Enter the email address you sign in with.</source>
        <translation>Geben Sie die E-Mail-Adresse ein, mit der Sie sich anmelden.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>My status</source>
        <translation>Mein Status</translation>
    </message>
    <message>
        <source>Busy for how long</source>
        <translation>Wie lange beschäftigt</translation>
    </message>
    <message>
        <source>{override}. Your own choice applies again when it ends.</source>
        <translation>{override}. Danach gilt wieder Ihre eigene Wahl.</translation>
    </message>
    <message>
        <source>Extend {minutes} min</source>
        <translation>{minutes} Min. verlängern</translation>
    </message>
    <message>
        <source>I&apos;m ready</source>
        <translation>Ich bin bereit</translation>
    </message>
    <message>
        <source>Set my status</source>
        <translation>Meinen Status festlegen</translation>
    </message>
    <message>
        <source>Open availability…</source>
        <translation>Verfügbarkeit öffnen…</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Bei Anmeldung starten</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>No sessions</source>
        <translation>Keine Sitzungen</translation>
    </message>
    <message>
        <source>{busy} (chosen)</source>
        <translation>{busy} (gewählt)</translation>
    </message>
    <message>
        <source>{busy} (chosen, until {time})</source>
        <translation>{busy} (gewählt, bis {time})</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
    <message>
        <source>Current status</source>
        <translation>Aktueller Status</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Whether clients can book you now</source>
        <translation>Ob Klienten Sie jetzt buchen können</translation>
    </message>
    <message>
        <source>Notify me of automatic changes</source>
        <translation>Über automatische Änderungen benachrichtigen</translation>
    </message>
    <message>
        <source>Desktop notifications</source>
        <translation>Desktop-Benachrichtigungen</translation>
    </message>
    <message>
        <source>Auto-away, back online, capacity reached, quiet hours, a session starting</source>
        <translation>Automatisch abwesend, wieder online, Kapazität erreicht, Ruhezeiten, Beginn einer Sitzung</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Synchronisierungsstatus</translation>
    </message>
    <message>
        <source>Quit the app: you show offline until it runs again</source>
        <translation>App beenden: Sie erscheinen offline, bis sie wieder läuft</translation>
    </message>
    <message>
        <source>Automatic away is unavailable on this desktop: it does not tell apps how long you have been idle. Set Away or Busy yourself when you step away.</source>
        <translation>Automatisch „Abwesend“ ist auf diesem Desktop nicht verfügbar: Er teilt Apps nicht mit, wie lange Sie inaktiv sind. Setzen Sie „Abwesend“ oder „Beschäftigt“ selbst, wenn Sie weggehen.</translation>
    </message>
    <message>
        <source>Signed in as {name} · {server}</source>
        <translation>Angemeldet als {name} · {server}</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Not signed in · {server}</source>
        <translation>Nicht angemeldet · {server}</translation>
    </message>
    <message>
        <source>Local mode: your status stays on this computer.</source>
        <translation>Lokaler Modus: Ihr Status bleibt auf diesem Computer.</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>sie ist leer</translation>
    </message>
    <message>
        <source>it is not valid JSON (line {line}: {message})</source>
        <translation>sie enthält kein gültiges JSON (Zeile {line}: {message})</translation>
    </message>
    <message>
        <source>it is not UTF-8 text (byte {byte} cannot be read)</source>
        <translation>sie ist kein UTF-8-Text (Byte {byte} ist nicht lesbar)</translation>
    </message>
    <message>
        <source>it is nested too deeply</source>
        <translation>sie ist zu tief verschachtelt</translation>
    </message>
    <message>
        <source>it could not be read ({reason})</source>
        <translation>sie konnte nicht gelesen werden ({reason})</translation>
    </message>
    <message>
        <source>Enter your organisation&apos;s server address, like status.example.org.</source>
        <translation>Geben Sie die Serveradresse Ihrer Organisation ein, z. B. status.example.org.</translation>
    </message>
    <message>
        <source>{url} is not a server address. It should look like https://status.example.org</source>
        <translation>{url} ist keine Serveradresse. Sie sollte so aussehen: https://status.example.org</translation>
    </message>
    <message>
        <source>Leave the user name and password out of the server address.</source>
        <translation>Lassen Sie Benutzername und Passwort in der Serveradresse weg.</translation>
    </message>
    <message>
        <source>{url} is not encrypted (http). Use the server&apos;s https:// address, so that your password is not sent in clear.</source>
        <translation>{url} ist nicht verschlüsselt (http). Verwenden Sie die https://-Adresse des Servers, damit Ihr Passwort nicht im Klartext gesendet wird.</translation>
    </message>
    <message>
        <source>the file does not hold a JSON object</source>
        <translation>die Datei enthält kein JSON-Objekt</translation>
    </message>
    <message>
        <source>server_url must be text or null</source>
        <translation>server_url muss Text oder null sein</translation>
    </message>
    <message>
        <source>email must be text or null</source>
        <translation>email muss Text oder null sein</translation>
    </message>
    <message>
        <source>notifications must be true or false</source>
        <translation>notifications muss true oder false sein</translation>
    </message>
    <message>
        <source>show_event_titles must be true or false</source>
        <translation>show_event_titles muss true oder false sein</translation>
    </message>
    <message>
        <source>The settings file {path} was not used because {why}. The app runs with default settings; fix the file and restart, or change a setting to replace it (the old file is then kept as {aside}).</source>
        <translation>Die Einstellungsdatei {path} wurde nicht verwendet, denn {why}. Die App läuft mit Standardeinstellungen; korrigieren Sie die Datei und starten Sie neu, oder ändern Sie eine Einstellung, um sie zu ersetzen (die alte Datei wird dann als {aside} aufbewahrt).</translation>
    </message>
    <message>
        <source>Local mode needs the server parts, which are not installed (pip install &apos;availability[server]&apos;). Connect to your organisation&apos;s server instead.</source>
        <translation>Der lokale Modus benötigt die Serverkomponenten, die nicht installiert sind (pip install &apos;availability[server]&apos;). Verbinden Sie sich stattdessen mit dem Server Ihrer Organisation.</translation>
    </message>
    <message>
        <source>The built-in status server did not start: {error}</source>
        <translation>Der eingebaute Statusserver ist nicht gestartet: {error}</translation>
    </message>
    <message>
        <source>The local database could not be read (SQLite says: {why}), so a new one was started: your capacity, quiet hours and sessions are back to their defaults. The old file is kept as {kept}.</source>
        <translation>Die lokale Datenbank konnte nicht gelesen werden (SQLite meldet: {why}), daher wurde eine neue angelegt: Ihre Kapazität, Ruhezeiten und Sitzungen sind wieder auf den Standardwerten. Die alte Datei wird als {kept} aufbewahrt.</translation>
    </message>
    <message>
        <source> in {where}</source>
        <translation> in {where}</translation>
    </message>
    <message>
        <source> ({log})</source>
        <translation> ({log})</translation>
    </message>
    <message>
        <source>Something went wrong{place}: {detail}. The app keeps running, but what it was doing may be unfinished; the details are in its log{log_place}.</source>
        <translation>Etwas ist schiefgegangen{place}: {detail}. Die App läuft weiter, aber was sie gerade tat, ist möglicherweise unvollständig; die Details stehen in ihrem Protokoll{log_place}.</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchronisiert</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation>Verbindung zum Server wird hergestellt…</translation>
    </message>
    <message>
        <source>Cannot reach the server — changes will sync when it is back</source>
        <translation>Server nicht erreichbar — Änderungen werden synchronisiert, sobald er wieder da ist</translation>
    </message>
    <message>
        <source>The server has a problem — changes will sync when it is fixed</source>
        <translation>Der Server hat ein Problem — Änderungen werden synchronisiert, sobald es behoben ist</translation>
    </message>
    <message>
        <source>The server is not answering in time — changes will sync when it does</source>
        <translation>Der Server antwortet nicht rechtzeitig — Änderungen werden synchronisiert, sobald er antwortet</translation>
    </message>
    <message>
        <source>Your account has the most devices the server allows — quit the app on one you no longer use</source>
        <translation>Ihr Konto hat die vom Server erlaubte Höchstzahl an Geräten — beenden Sie die App auf einem, das Sie nicht mehr nutzen</translation>
    </message>
    <message>
        <source>the server cannot be reached</source>
        <translation>der Server ist nicht erreichbar</translation>
    </message>
    <message>
        <source>the server has a problem</source>
        <translation>der Server hat ein Problem</translation>
    </message>
    <message>
        <source>the server is slow to answer</source>
        <translation>der Server antwortet langsam</translation>
    </message>
    <message>
        <source>the account has too many devices running</source>
        <translation>auf dem Konto laufen zu viele Geräte</translation>
    </message>
    <message>
        <source>server unreachable</source>
        <translation>Server nicht erreichbar</translation>
    </message>
    <message>
        <source>server problem</source>
        <translation>Serverproblem</translation>
    </message>
    <message>
        <source>server slow</source>
        <translation>Server langsam</translation>
    </message>
    <message>
        <source>too many devices</source>
        <translation>zu viele Geräte</translation>
    </message>
    <message>
        <source>not synced</source>
        <translation>nicht synchronisiert</translation>
    </message>
    <message>
        <source>not synced: {why}</source>
        <translation>nicht synchronisiert: {why}</translation>
    </message>
    <message>
        <source>saving…</source>
        <translation>wird gespeichert…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>For 30 minutes</source>
        <translation>Für 30 Minuten</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>Für 1 Stunde</translation>
    </message>
    <message>
        <source>For 2 hours</source>
        <translation>Für 2 Stunden</translation>
    </message>
    <message>
        <source>Until…</source>
        <translation>Bis…</translation>
    </message>
    <message>
        <source>Until the end of today</source>
        <translation>Bis zum Ende des Tages</translation>
    </message>
    <message>
        <source>Until I change it</source>
        <translation>Bis ich ihn ändere</translation>
    </message>
    <message>
        <source>Until a time I choose…</source>
        <translation>Bis zu einer Uhrzeit meiner Wahl…</translation>
    </message>
    <message>
        <source>You are away</source>
        <translation>Sie sind abwesend</translation>
    </message>
    <message>
        <source>Your screen is locked, so new clients see you as away.</source>
        <translation>Ihr Bildschirm ist gesperrt, daher sehen neue Klienten Sie als abwesend.</translation>
    </message>
    <message>
        <source>No activity for a while, so new clients see you as away.</source>
        <translation>Seit einer Weile keine Aktivität, daher sehen neue Klienten Sie als abwesend.</translation>
    </message>
    <message>
        <source>Back online</source>
        <translation>Wieder online</translation>
    </message>
    <message>
        <source>Welcome back: you can take sessions again.</source>
        <translation>Willkommen zurück: Sie können wieder Sitzungen annehmen.</translation>
    </message>
    <message>
        <source>At capacity</source>
        <translation>Kapazität erreicht</translation>
    </message>
    <message>
        <source>You have reached your maximum sessions; you show as busy.</source>
        <translation>Sie haben Ihre maximale Anzahl an Sitzungen erreicht; Sie werden als beschäftigt angezeigt.</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>Ruhezeiten</translation>
    </message>
    <message>
        <source>Quiet hours started; you show as busy until they end.</source>
        <translation>Die Ruhezeiten haben begonnen; Sie werden bis zu ihrem Ende als beschäftigt angezeigt.</translation>
    </message>
    <message>
        <source>Quiet hours started; you show as busy until {time}.</source>
        <translation>Die Ruhezeiten haben begonnen; Sie werden bis {time} als beschäftigt angezeigt.</translation>
    </message>
    <message>
        <source>Wrapping up</source>
        <translation>Nachbereitung</translation>
    </message>
    <message>
        <source>Time for your notes: you show as busy for a while.</source>
        <translation>Zeit für Ihre Notizen: Sie erscheinen eine Weile als beschäftigt.</translation>
    </message>
    <message>
        <source>Time for your notes: you show as busy until {time}.</source>
        <translation>Zeit für Ihre Notizen: Sie erscheinen bis {time} als beschäftigt.</translation>
    </message>
    <message>
        <source>Status set by an admin</source>
        <translation>Status von einem Administrator festgelegt</translation>
    </message>
    <message>
        <source>An admin set your status.</source>
        <translation>Ein Administrator hat Ihren Status festgelegt.</translation>
    </message>
    <message>
        <source>You now have {count} sessions.</source>
        <translation>Sie haben jetzt {count} Sitzungen.</translation>
    </message>
    <message>
        <source>You now have {count} of {capacity} sessions.</source>
        <translation>Sie haben jetzt {count} von {capacity} Sitzungen.</translation>
    </message>
    <message>
        <source>Session started — at capacity</source>
        <translation>Sitzung begonnen — Kapazität erreicht</translation>
    </message>
    <message>
        <source>{text} You show as busy until one ends.</source>
        <translation>{text} Sie werden als beschäftigt angezeigt, bis eine davon endet.</translation>
    </message>
    <message>
        <source>Session started</source>
        <translation>Sitzung begonnen</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Availability</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>Your change was not kept</source>
        <translation>Ihre Änderung wurde nicht übernommen</translation>
    </message>
    <message>
        <source>Your change was refused</source>
        <translation>Ihre Änderung wurde abgelehnt</translation>
    </message>
    <message>
        <source>The system keyring stores passwords in a plain file, so your sign-in is kept only until the app quits.</source>
        <translation>Der Schlüsselbund des Systems speichert Passwörter in einer unverschlüsselten Datei, daher bleibt Ihre Anmeldung nur erhalten, bis die App beendet wird.</translation>
    </message>
    <message>
        <source>You stay signed in: the system keyring keeps your sign-in, no file does.</source>
        <translation>Sie bleiben angemeldet: Der Schlüsselbund des Systems bewahrt Ihre Anmeldung auf, keine Datei.</translation>
    </message>
    <message>
        <source>This system has no keyring the app can use, so you stay signed in only until the app quits.</source>
        <translation>Dieses System hat keinen Schlüsselbund, den die App nutzen kann; Sie bleiben daher nur angemeldet, bis die App beendet wird.</translation>
    </message>
    <message>
        <source>The connection to {url} could not start: {error}</source>
        <translation>Die Verbindung zu {url} konnte nicht hergestellt werden: {error}</translation>
    </message>
    <message>
        <source>Local mode could not start: {error}</source>
        <translation>Der lokale Modus konnte nicht starten: {error}</translation>
    </message>
    <message>
        <source>Local mode could not sign in: {why}</source>
        <translation>Der lokale Modus konnte sich nicht anmelden: {why}</translation>
    </message>
    <message>
        <source>Sign in first: there is no account to save this to yet.</source>
        <translation>Melden Sie sich zuerst an: Es gibt noch kein Konto, in dem dies gespeichert werden kann.</translation>
    </message>
    <message>
        <source>What you chose while local mode was starting was not saved: {why} Choose it again once the app is connected.</source>
        <translation>Was Sie gewählt haben, während der lokale Modus startete, wurde nicht gespeichert: {why} Wählen Sie es erneut, sobald die App verbunden ist.</translation>
    </message>
    <message>
        <source>you connected to a server before local mode had started.</source>
        <translation>Sie haben sich mit einem Server verbunden, bevor der lokale Modus gestartet war.</translation>
    </message>
    <message>
        <source>Could not change &apos;Start at login&apos;: {error}</source>
        <translation>„Bei Anmeldung starten“ konnte nicht geändert werden: {error}</translation>
    </message>
    <message>
        <source>Sign in to show your status.</source>
        <translation>Melden Sie sich an, um Ihren Status anzuzeigen.</translation>
    </message>
    <message>
        <source>Unknown command {command}.</source>
        <translation>Unbekannter Befehl {command}.</translation>
    </message>
    <message>
        <source>Signed out — sign in to show your status</source>
        <translation>Abgemeldet — melden Sie sich an, um Ihren Status anzuzeigen</translation>
    </message>
    <message>
        <source>{value} is not a status; use one of {choices}.</source>
        <translation>{value} ist kein Status; verwenden Sie einen der folgenden: {choices}.</translation>
    </message>
    <message>
        <source>The app is still starting; try again in a moment.</source>
        <translation>Die App startet noch; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>You are signed out. Sign in first (availability show).</source>
        <translation>Sie sind abgemeldet. Melden Sie sich zuerst an (availability show).</translation>
    </message>
    <message>
        <source>The duration must be a positive number of seconds.</source>
        <translation>Die Dauer muss eine positive Anzahl von Sekunden sein.</translation>
    </message>
    <message>
        <source>An email address and a password are needed.</source>
        <translation>E-Mail-Adresse und Passwort sind erforderlich.</translation>
    </message>
    <message>
        <source>Availability is going offline and quitting.</source>
        <translation>Availability geht offline und wird beendet.</translation>
    </message>
    <message>
        <source>Status set to {status}</source>
        <translation>Status auf {status} gesetzt</translation>
    </message>
    <message>
        <source>Status set to {status} until {time}</source>
        <translation>Status bis {time} auf {status} gesetzt</translation>
    </message>
    <message>
        <source>{text}.</source>
        <translation>{text}.</translation>
    </message>
    <message>
        <source>{text}; not confirmed yet: {problem} now, so it will sync when it can.</source>
        <translation>{text}; noch nicht bestätigt (derzeit: {problem}), wird synchronisiert, sobald es möglich ist.</translation>
    </message>
    <message>
        <source>Your settings show here as soon as local mode has started.</source>
        <translation>Ihre Einstellungen erscheinen hier, sobald der lokale Modus gestartet ist.</translation>
    </message>
    <message>
        <source>Your settings show here once the status server has answered.</source>
        <translation>Ihre Einstellungen erscheinen hier, sobald der Statusserver geantwortet hat.</translation>
    </message>
    <message>
        <source>“{text}” is not a time of day: write it like 17:00, or end-of-day.</source>
        <translation>„{text}“ ist keine Uhrzeit: Schreiben Sie sie wie 17:00 oder end-of-day.</translation>
    </message>
    <message>
        <source>Status note set to “{text}”</source>
        <translation>Statusnotiz auf „{text}“ gesetzt</translation>
    </message>
    <message>
        <source>Status note set to “{text}” until {time}</source>
        <translation>Statusnotiz bis {time} auf „{text}“ gesetzt</translation>
    </message>
    <message>
        <source>Status note cleared</source>
        <translation>Statusnotiz entfernt</translation>
    </message>
    <message>
        <source>Write the note&apos;s text, or use --clear to remove it.</source>
        <translation>Schreiben Sie den Text der Notiz, oder entfernen Sie sie mit --clear.</translation>
    </message>
    <message>
        <source>A status note has at most {most} characters.</source>
        <translation>Eine Statusnotiz hat höchstens {most} Zeichen.</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Beschäftigt</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Follows your activity: away when you step away, offline when you quit.</source>
        <translation>Folgt Ihrer Aktivität: abwesend, wenn Sie weggehen, offline, wenn Sie die App beenden.</translation>
    </message>
    <message>
        <source>Takes no new sessions while the app runs; online again when the time you chose ends.</source>
        <translation>Nimmt keine neuen Sitzungen an, solange die App läuft; wieder online, wenn die gewählte Zeit endet.</translation>
    </message>
    <message>
        <source>Shows away while the app runs, even when you are at the computer.</source>
        <translation>Zeigt „Abwesend“, solange die App läuft, auch wenn Sie am Computer sind.</translation>
    </message>
    <message>
        <source>Appear offline everywhere, even while you work.</source>
        <translation>Überall offline erscheinen, auch während Sie arbeiten.</translation>
    </message>
    <message>
        <source>in session</source>
        <translation>in einer Sitzung</translation>
    </message>
    <message>
        <source>no activity</source>
        <translation>keine Aktivität</translation>
    </message>
    <message>
        <source>screen locked</source>
        <translation>Bildschirm gesperrt</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>abgemeldet</translation>
    </message>
    <message>
        <source>set by an admin</source>
        <translation>von einem Admin festgelegt</translation>
    </message>
    <message>
        <source>at capacity</source>
        <translation>Kapazität erreicht</translation>
    </message>
    <message>
        <source>in a call</source>
        <translation>im Gespräch</translation>
    </message>
    <message>
        <source>wrapping up</source>
        <translation>Nachbereitung</translation>
    </message>
    <message>
        <source>calendar event</source>
        <translation>Kalendertermin</translation>
    </message>
    <message>
        <source>Do Not Disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <source>quiet hours</source>
        <translation>Ruhezeiten</translation>
    </message>
    <message>
        <source>not taking sessions</source>
        <translation>nimmt keine Sitzungen an</translation>
    </message>
    <message>
        <source>remote &amp; in person</source>
        <translation>remote &amp; vor Ort</translation>
    </message>
    <message>
        <source>remote only</source>
        <translation>nur remote</translation>
    </message>
    <message>
        <source>in person only</source>
        <translation>nur vor Ort</translation>
    </message>
    <message>
        <source>no session modes on</source>
        <translation>keine Sitzungsart aktiv</translation>
    </message>
    <message>
        <source>1 session</source>
        <translation>1 Sitzung</translation>
    </message>
    <message>
        <source>{count} sessions</source>
        <translation>{count} Sitzungen</translation>
    </message>
    <message>
        <source>{active} of {capacity} sessions</source>
        <translation>{active} von {capacity} Sitzungen</translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation>Noch nicht verbunden</translation>
    </message>
    <message>
        <source>{status} ({reason})</source>
        <translation>{status} ({reason})</translation>
    </message>
    <message>
        <source>{status} ({why})</source>
        <translation>{status} ({why})</translation>
    </message>
    <message>
        <source>{status} (wrapping up until {time})</source>
        <translation>{status} (Nachbereitung bis {time})</translation>
    </message>
    <message>
        <source>{status} (your choice, until {time})</source>
        <translation>{status} (Ihre Wahl, bis {time})</translation>
    </message>
    <message>
        <source>Waiting for the status server…</source>
        <translation>Warten auf den Statusserver…</translation>
    </message>
    <message>
        <source>{status} — {why}.</source>
        <translation>{status} — {why}.</translation>
    </message>
    <message>
        <source>{status} — {why}</source>
        <translation>{status} — {why}</translation>
    </message>
    <message>
        <source>{override}. Your own status applies again when it ends.</source>
        <translation>{override}. Danach gilt wieder Ihr eigener Status.</translation>
    </message>
    <message>
        <source>an admin</source>
        <translation>einem Administrator</translation>
    </message>
    <message>
        <source>set by {who}</source>
        <translation>festgelegt von {who}</translation>
    </message>
    <message>
        <source>{why} until {time}</source>
        <translation>{why} bis {time}</translation>
    </message>
    <message>
        <source>{why} (“{note}”)</source>
        <translation>{why} („{note}“)</translation>
    </message>
    <message>
        <source>you are active at the computer</source>
        <translation>Sie sind am Computer aktiv</translation>
    </message>
    <message>
        <source>you are in a session</source>
        <translation>Sie sind in einer Sitzung</translation>
    </message>
    <message>
        <source>no recent activity</source>
        <translation>keine Aktivität in letzter Zeit</translation>
    </message>
    <message>
        <source>no activity for {duration}</source>
        <translation>keine Aktivität seit {duration}</translation>
    </message>
    <message>
        <source>the screen is locked</source>
        <translation>der Bildschirm ist gesperrt</translation>
    </message>
    <message>
        <source>this computer has not reached the server for a while</source>
        <translation>dieser Computer hat den Server seit einer Weile nicht erreicht</translation>
    </message>
    <message>
        <source>the app is not running anywhere</source>
        <translation>die App läuft nirgendwo</translation>
    </message>
    <message>
        <source>{sessions}, your maximum</source>
        <translation>{sessions}, Ihr Maximum</translation>
    </message>
    <message>
        <source>a microphone or camera is in use, so you are in a call</source>
        <translation>ein Mikrofon oder eine Kamera ist in Gebrauch, Sie sind also im Gespräch</translation>
    </message>
    <message>
        <source>you are wrapping up your last session</source>
        <translation>Sie bereiten Ihre letzte Sitzung nach</translation>
    </message>
    <message>
        <source>you are wrapping up your last session until {time}</source>
        <translation>Sie bereiten Ihre letzte Sitzung bis {time} nach</translation>
    </message>
    <message>
        <source>your calendar has a busy event now</source>
        <translation>Ihr Kalender hat gerade einen Termin</translation>
    </message>
    <message>
        <source>Do Not Disturb is on on your computer</source>
        <translation>„Nicht stören“ ist auf Ihrem Computer an</translation>
    </message>
    <message>
        <source>neither online nor in-person sessions are switched on</source>
        <translation>weder Online-Sitzungen noch Sitzungen vor Ort sind eingeschaltet</translation>
    </message>
    <message>
        <source>Wrapping up: {left} left</source>
        <translation>Nachbereitung: noch {left}</translation>
    </message>
    <message>
        <source>you chose busy</source>
        <translation>Sie sind auf eigenen Wunsch beschäftigt</translation>
    </message>
    <message>
        <source>you chose away</source>
        <translation>Sie sind auf eigenen Wunsch abwesend</translation>
    </message>
    <message>
        <source>you chose to appear offline</source>
        <translation>Sie erscheinen auf eigenen Wunsch offline</translation>
    </message>
    <message>
        <source>you chose online</source>
        <translation>Sie sind auf eigenen Wunsch online</translation>
    </message>
    <message>
        <source>{time} ({zone})</source>
        <translation>{time} ({zone})</translation>
    </message>
    <message>
        <source>quiet hours until {time}</source>
        <translation>Ruhezeiten bis {time}</translation>
    </message>
    <message>
        <source>{why}.</source>
        <translation>{why}.</translation>
    </message>
    <message>
        <source>Clients can book you now: yes</source>
        <translation>Klienten können Sie jetzt buchen: ja</translation>
    </message>
    <message>
        <source>Clients can book you now: no</source>
        <translation>Klienten können Sie jetzt buchen: nein</translation>
    </message>
    <message>
        <source>“{text}”</source>
        <translation>„{text}“</translation>
    </message>
    <message>
        <source>{note} until {time}</source>
        <translation>{note} bis {time}</translation>
    </message>
    <message>
        <source>The server answered something this app cannot read. It may be the wrong address, or a proxy in between. Try again later.</source>
        <translation>Der Server hat etwas geantwortet, das diese App nicht lesen kann. Vielleicht ist die Adresse falsch oder ein Proxy ist dazwischengeschaltet. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server had a problem ({status} {reason}). Your changes are kept and will be sent again.</source>
        <translation>Der Server hatte ein Problem ({status} {reason}). Ihre Änderungen bleiben erhalten und werden erneut gesendet.</translation>
    </message>
    <message>
        <source>The server had a problem ({status} {reason}). Try again in a moment.</source>
        <translation>Der Server hatte ein Problem ({status} {reason}). Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The server at {url} took the request but did not answer in time.</source>
        <translation>Der Server unter {url} hat die Anfrage angenommen, aber nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>Cannot reach the server at {url}.</source>
        <translation>Der Server unter {url} ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>You were signed out. Please sign in again.</source>
        <translation>Sie wurden abgemeldet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>You are not signed in.</source>
        <translation>Sie sind nicht angemeldet.</translation>
    </message>
    <message>
        <source>Someone else is signed in now.</source>
        <translation>Jetzt ist eine andere Person angemeldet.</translation>
    </message>
    <message>
        <source>You signed out.</source>
        <translation>Sie haben sich abgemeldet.</translation>
    </message>
    <message>
        <source>This system has no password store (keyring), so you will stay signed in only until the app quits.</source>
        <translation>Dieses System hat keinen Passwortspeicher (Schlüsselbund), daher bleiben Sie nur angemeldet, bis die App beendet wird.</translation>
    </message>
    <message>
        <source>Sign in to change your availability.</source>
        <translation>Melden Sie sich an, um Ihre Verfügbarkeit zu ändern.</translation>
    </message>
    <message>
        <source>The file of changes you made while offline could not be read because {why}, so those changes were not sent. It is kept as {kept}.</source>
        <translation>Die Datei mit den Änderungen, die Sie offline vorgenommen haben, konnte nicht gelesen werden, denn {why}; daher wurden diese Änderungen nicht gesendet. Sie wird als {kept} aufbewahrt.</translation>
    </message>
    <message>
        <source>The file of changes you made while offline could not be read because {why}, so those changes were not sent. It stays as {kept}, and changes you make now are kept only until the app quits.</source>
        <translation>Die Datei mit den Änderungen, die Sie offline vorgenommen haben, konnte nicht gelesen werden, denn {why}; daher wurden diese Änderungen nicht gesendet. Sie bleibt als {kept} erhalten, und Änderungen, die Sie jetzt vornehmen, bleiben nur erhalten, bis die App beendet wird.</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Ihr Status</translation>
    </message>
    <message>
        <source>How long your status lasts</source>
        <translation>Wie lange Ihr Status gilt</translation>
    </message>
    <message>
        <source>The quiet hours&apos; time zone</source>
        <translation>Die Zeitzone der Ruhezeiten</translation>
    </message>
    <message>
        <source>The start of quiet hours</source>
        <translation>Der Beginn der Ruhezeiten</translation>
    </message>
    <message>
        <source>The end of quiet hours</source>
        <translation>Das Ende der Ruhezeiten</translation>
    </message>
    <message>
        <source>The days of quiet hours</source>
        <translation>Die Tage der Ruhezeiten</translation>
    </message>
    <message>
        <source>Your status note</source>
        <translation>Ihre Statusnotiz</translation>
    </message>
    <message>
        <source>{field}: {message}</source>
        <translation>{field}: {message}</translation>
    </message>
    <message>
        <source>{field} was changed elsewhere to {theirs} before your change to {mine} reached the server, so the other change was kept.</source>
        <translation>{field}: Dies wurde anderswo auf {theirs} geändert, bevor Ihre Änderung auf {mine} den Server erreichte, daher gilt die andere Änderung.</translation>
    </message>
    <message>
        <source>{status} until {time}</source>
        <translation>{status} bis {time}</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>on</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>tomorrow {time}</source>
        <translation>morgen {time}</translation>
    </message>
    <message>
        <source>{day} {time}</source>
        <translation>{day} {time}</translation>
    </message>
    <message>
        <source>{date} {time}</source>
        <translation>{date} {time}</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>weniger als einer Minute</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 Minute</translation>
    </message>
    <message>
        <source>{count} minutes</source>
        <translation>{count} Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>{count} hours</source>
        <translation>{count} Stunden</translation>
    </message>
    <message>
        <source>{city} — {area} ({offset})</source>
        <translation>{city} — {area} ({offset})</translation>
    </message>
    <message>
        <source>There is no time zone called “{text}”. Type a city, like Berlin, and pick it from the list.</source>
        <translation>Es gibt keine Zeitzone namens „{text}“. Geben Sie eine Stadt ein, z. B. Berlin, und wählen Sie sie aus der Liste.</translation>
    </message>
    <message>
        <source>Status note</source>
        <translation>Statusnotiz</translation>
    </message>
    <message>
        <source>Running 10 min late, Back at 14:00…</source>
        <translation>10 Minuten später, Zurück um 14:00…</translation>
    </message>
    <message>
        <source>Show the note for how long</source>
        <translation>Wie lange die Notiz gezeigt wird</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Clients see it beside your status; it is not a status.</source>
        <translation>Klienten sehen sie neben Ihrem Status; sie ist kein Status.</translation>
    </message>
    <message>
        <source>The calendar at {host} is not a calendar (it did not parse as iCalendar).</source>
        <translation>Der Kalender bei {host} ist kein Kalender (er ließ sich nicht als iCalendar lesen).</translation>
    </message>
    <message>
        <source>Some events of this calendar could not be read, so it was left out.</source>
        <translation>Einige Termine dieses Kalenders konnten nicht gelesen werden, daher wurde er ausgelassen.</translation>
    </message>
    <message>
        <source>The calendar at {host} did not answer in time; it will be tried again.</source>
        <translation>Der Kalender bei {host} hat nicht rechtzeitig geantwortet; er wird erneut versucht.</translation>
    </message>
    <message>
        <source>Could not reach {host}: its security certificate could not be verified.</source>
        <translation>{host} war nicht erreichbar: sein Sicherheitszertifikat ließ sich nicht prüfen.</translation>
    </message>
    <message>
        <source>Could not reach {host}: the server refused the connection.</source>
        <translation>{host} war nicht erreichbar: der Server hat die Verbindung abgelehnt.</translation>
    </message>
    <message>
        <source>Could not reach {host}: no server of that name was found.</source>
        <translation>{host} war nicht erreichbar: kein Server dieses Namens wurde gefunden.</translation>
    </message>
    <message>
        <source>Could not reach {host}: the connection failed; it will be tried again.</source>
        <translation>{host} war nicht erreichbar: die Verbindung ist fehlgeschlagen; es wird erneut versucht.</translation>
    </message>
    <message>
        <source>The CalDAV server at {host} refused the user name or password.</source>
        <translation>Der CalDAV-Server bei {host} hat Benutzername oder Passwort abgelehnt.</translation>
    </message>
    <message>
        <source>The CalDAV server at {host} does not let this user read the calendar at that address; please check the address.</source>
        <translation>Der CalDAV-Server bei {host} lässt diesen Benutzer den Kalender unter dieser Adresse nicht lesen; bitte prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>The calendar at {host} answered {status}: access was refused; the shared address may have been changed or withdrawn.</source>
        <translation>Der Kalender bei {host} antwortete {status}: der Zugriff wurde verweigert; die geteilte Adresse wurde vielleicht geändert oder zurückgezogen.</translation>
    </message>
    <message>
        <source>The calendar at {host} answered {status}: the address is wrong or the feed was removed.</source>
        <translation>Der Kalender bei {host} antwortete {status}: die Adresse ist falsch oder der Kalender wurde entfernt.</translation>
    </message>
    <message>
        <source>The calendar at {host} answered {status}: the server has a problem; it will be tried again.</source>
        <translation>Der Kalender bei {host} antwortete {status}: der Server hat ein Problem; es wird erneut versucht.</translation>
    </message>
    <message>
        <source>The calendar at {host} answered {status}, which was not expected.</source>
        <translation>Der Kalender bei {host} antwortete unerwartet {status}.</translation>
    </message>
    <message>
        <source>The calendar at {host} is larger than {megabytes} MB, so it was not read.</source>
        <translation>Der Kalender bei {host} ist größer als {megabytes} MB und wurde daher nicht gelesen.</translation>
    </message>
    <message>
        <source>The calendar at {host} could not be fetched from its address.</source>
        <translation>Der Kalender bei {host} konnte von seiner Adresse nicht abgerufen werden.</translation>
    </message>
    <message>
        <source>The server at {host} did not answer like a CalDAV calendar; please check that the address is the calendar&apos;s own.</source>
        <translation>Der Server bei {host} antwortete nicht wie ein CalDAV-Kalender; bitte prüfen Sie, ob es die Adresse des Kalenders selbst ist.</translation>
    </message>
    <message>
        <source>The calendar at {host} could not be read.</source>
        <translation>Der Kalender bei {host} konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>{problem} Its copy from {time} is still used, for up to {hours} hours.</source>
        <translation>{problem} Seine Kopie von {time} wird noch bis zu {hours} Stunden verwendet.</translation>
    </message>
    <message>
        <source>{problem} Its last copy is too old, so it is no longer used.</source>
        <translation>{problem} Seine letzte Kopie ist zu alt und wird nicht mehr verwendet.</translation>
    </message>
    <message>
        <source>an unreadable address</source>
        <translation>eine unlesbare Adresse</translation>
    </message>
    <message>
        <source>Please enter the calendar&apos;s address.</source>
        <translation>Bitte geben Sie die Adresse des Kalenders ein.</translation>
    </message>
    <message>
        <source>This calendar address is not valid: it is too long or contains spaces.</source>
        <translation>Diese Kalenderadresse ist ungültig: sie ist zu lang oder enthält Leerzeichen.</translation>
    </message>
    <message>
        <source>This calendar address is not valid.</source>
        <translation>Diese Kalenderadresse ist ungültig.</translation>
    </message>
    <message>
        <source>Only addresses starting with https://, http:// or webcal:// can be used.</source>
        <translation>Nur Adressen, die mit https://, http:// oder webcal:// beginnen, sind möglich.</translation>
    </message>
    <message>
        <source>This calendar address has no server name in it.</source>
        <translation>Diese Kalenderadresse enthält keinen Servernamen.</translation>
    </message>
    <message>
        <source>A CalDAV calendar needs a user name.</source>
        <translation>Ein CalDAV-Kalender braucht einen Benutzernamen.</translation>
    </message>
    <message>
        <source>A CalDAV address must start with https://, so the password is not sent openly.</source>
        <translation>Eine CalDAV-Adresse muss mit https:// beginnen, damit das Passwort nicht offen gesendet wird.</translation>
    </message>
    <message>
        <source>The list of calendars could not be read from the system&apos;s password store; is it locked?</source>
        <translation>Die Kalenderliste konnte nicht aus dem Passwortspeicher des Systems gelesen werden; ist er gesperrt?</translation>
    </message>
    <message>
        <source>The stored list of calendars is damaged; please add the calendars again.</source>
        <translation>Die gespeicherte Kalenderliste ist beschädigt; bitte fügen Sie die Kalender erneut hinzu.</translation>
    </message>
    <message>
        <source>This calendar is already in the list.</source>
        <translation>Dieser Kalender ist schon in der Liste.</translation>
    </message>
    <message>
        <source>The list of calendars could not be saved in the system&apos;s password store.</source>
        <translation>Die Kalenderliste konnte nicht im Passwortspeicher des Systems gespeichert werden.</translation>
    </message>
    <message>
        <source>The microphone and camera are not checked yet.</source>
        <translation>Mikrofon und Kamera wurden noch nicht geprüft.</translation>
    </message>
    <message>
        <source>This system offers no way to tell whether the microphone or camera is in use, so calls are not noticed.</source>
        <translation>Dieses System verrät nicht, ob Mikrofon oder Kamera in Gebrauch sind; Gespräche werden daher nicht bemerkt.</translation>
    </message>
    <message>
        <source>The microphone cannot be checked: {why}</source>
        <translation>Das Mikrofon kann nicht geprüft werden: {why}</translation>
    </message>
    <message>
        <source>The camera cannot be checked: {why}</source>
        <translation>Die Kamera kann nicht geprüft werden: {why}</translation>
    </message>
    <message>
        <source>reading it failed.</source>
        <translation>das Lesen ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>no microphone is present.</source>
        <translation>es ist kein Mikrofon vorhanden.</translation>
    </message>
    <message>
        <source>no camera is present.</source>
        <translation>es ist keine Kamera vorhanden.</translation>
    </message>
    <message>
        <source>macOS does not answer.</source>
        <translation>macOS antwortet nicht.</translation>
    </message>
    <message>
        <source>macOS does not say.</source>
        <translation>macOS sagt es nicht.</translation>
    </message>
    <message>
        <source>this version of Windows does not record which apps use it.</source>
        <translation>diese Windows-Version hält nicht fest, welche Apps es nutzen.</translation>
    </message>
    <message>
        <source>Windows&apos; record of it is unreadable.</source>
        <translation>die Aufzeichnung von Windows ist unlesbar.</translation>
    </message>
    <message>
        <source>no camera device is present.</source>
        <translation>es ist kein Kameragerät vorhanden.</translation>
    </message>
    <message>
        <source>the list of running programs cannot be read.</source>
        <translation>die Liste der laufenden Programme ist nicht lesbar.</translation>
    </message>
    <message>
        <source>This desktop does not tell apps whether it is on.</source>
        <translation>Dieser Desktop verrät Apps nicht, ob es an ist.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>macOS Focus</source>
        <translation>macOS-Fokus</translation>
    </message>
    <message>
        <source>macOS lets only apps with Full Disk Access read whether a Focus is on.</source>
        <translation>macOS lässt nur Apps mit Festplattenvollzugriff lesen, ob ein Fokus an ist.</translation>
    </message>
    <message>
        <source>This macOS does not keep Focus where it can be read.</source>
        <translation>Dieses macOS legt den Fokus nicht lesbar ab.</translation>
    </message>
    <message>
        <source>macOS Focus could not be read.</source>
        <translation>Der macOS-Fokus konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Windows&apos; notification settings</source>
        <translation>die Benachrichtigungseinstellungen von Windows</translation>
    </message>
    <message>
        <source>Windows does not say whether it is quiet.</source>
        <translation>Windows sagt nicht, ob es ruhig gestellt ist.</translation>
    </message>
    <message>
        <source>GNOME&apos;s notification settings</source>
        <translation>die Benachrichtigungseinstellungen von GNOME</translation>
    </message>
    <message>
        <source>GNOME&apos;s settings tool is not installed.</source>
        <translation>Das Einstellungswerkzeug von GNOME ist nicht installiert.</translation>
    </message>
    <message>
        <source>This is not a GNOME desktop.</source>
        <translation>Dies ist kein GNOME-Desktop.</translation>
    </message>
    <message>
        <source>GNOME&apos;s settings stopped answering.</source>
        <translation>Die Einstellungen von GNOME antworten nicht mehr.</translation>
    </message>
    <message>
        <source>GNOME&apos;s settings tool could not be started.</source>
        <translation>Das Einstellungswerkzeug von GNOME konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <source>no sound server answers (PipeWire or PulseAudio).</source>
        <translation>kein Soundserver antwortet (PipeWire oder PulseAudio).</translation>
    </message>
    <message>
        <source>the PulseAudio client library is missing.</source>
        <translation>die PulseAudio-Clientbibliothek fehlt.</translation>
    </message>
    <message>
        <source>the sound server&apos;s answer could not be read.</source>
        <translation>die Antwort des Soundservers war nicht lesbar.</translation>
    </message>
    <message>
        <source>the notification server</source>
        <translation>dem Benachrichtigungsserver</translation>
    </message>
    <message>
        <source>The notification server does not say whether it is paused.</source>
        <translation>Der Benachrichtigungsserver sagt nicht, ob er pausiert ist.</translation>
    </message>
    <message>
        <source>No notification server here says whether it is paused.</source>
        <translation>Kein Benachrichtigungsserver sagt hier, ob er pausiert ist.</translation>
    </message>
    <message>
        <source>The notification server has stopped.</source>
        <translation>Der Benachrichtigungsserver wurde beendet.</translation>
    </message>
    <message>
        <source>What counts</source>
        <translation>Was zählt</translation>
    </message>
    <message>
        <source>Besides your keyboard and mouse, the app notices these. Only whether each one is on leaves this computer: never an app&apos;s name or an event&apos;s title.</source>
        <translation>Neben Tastatur und Maus bemerkt die App auch dies. Nur ob etwas an ist, verlässt diesen Computer: nie der Name einer App oder der Titel eines Termins.</translation>
    </message>
    <message>
        <source>Keyboard and mouse:</source>
        <translation>Tastatur und Maus:</translation>
    </message>
    <message>
        <source>Calls:</source>
        <translation>Gespräche:</translation>
    </message>
    <message>
        <source>Calendar:</source>
        <translation>Kalender:</translation>
    </message>
    <message>
        <source>Do Not Disturb:</source>
        <translation>Nicht stören:</translation>
    </message>
    <message>
        <source>Not read yet</source>
        <translation>Noch nicht gelesen</translation>
    </message>
    <message>
        <source>Show me as busy during calls</source>
        <translation>Während Gesprächen als beschäftigt zeigen</translation>
    </message>
    <message>
        <source>A microphone or camera in use by any app (Zoom, Teams, a browser) means you are in a call. Either way a call counts as activity, so you never go away in the middle of one.</source>
        <translation>Ein Mikrofon oder eine Kamera, die eine App nutzt (Zoom, Teams, ein Browser), heißt: Sie sind im Gespräch. So oder so zählt ein Gespräch als Aktivität, Sie werden also nie mitten darin abwesend.</translation>
    </message>
    <message>
        <source>Show me as busy while Do Not Disturb is on</source>
        <translation>Als beschäftigt zeigen, solange „Nicht stören“ an ist</translation>
    </message>
    <message>
        <source>Show event titles here</source>
        <translation>Termintitel hier zeigen</translation>
    </message>
    <message>
        <source>Titles are shown in this window only; they never leave it.</source>
        <translation>Titel erscheinen nur in diesem Fenster; sie verlassen es nie.</translation>
    </message>
    <message>
        <source>Add a calendar…</source>
        <translation>Kalender hinzufügen…</translation>
    </message>
    <message>
        <source>A calendar&apos;s ICS link, or a CalDAV account. Kept in your system keyring.</source>
        <translation>Der ICS-Link eines Kalenders oder ein CalDAV-Konto. Im Schlüsselbund des Systems aufbewahrt.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the calendar {name}</source>
        <translation>Den Kalender {name} entfernen</translation>
    </message>
    <message>
        <source>Not available on this desktop: it does not tell apps how long you are idle.</source>
        <translation>Auf diesem Desktop nicht verfügbar: er verrät Apps nicht, wie lange Sie untätig sind.</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>Gerade in Gebrauch</translation>
    </message>
    <message>
        <source>No input for {duration}</source>
        <translation>Keine Eingabe seit {duration}</translation>
    </message>
    <message>
        <source>In a call now: {used} in use</source>
        <translation>Gerade im Gespräch: {used} in Gebrauch</translation>
    </message>
    <message>
        <source>Not in a call: no app is using the microphone or camera</source>
        <translation>Nicht im Gespräch: keine App nutzt Mikrofon oder Kamera</translation>
    </message>
    <message>
        <source>microphone and camera</source>
        <translation>Mikrofon und Kamera</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <source>This desktop does not say when the microphone or camera is in use.</source>
        <translation>Dieser Desktop verrät nicht, wann Mikrofon oder Kamera in Gebrauch sind.</translation>
    </message>
    <message>
        <source>Not in a call, as far as can be told. {problem}</source>
        <translation>Nicht im Gespräch, soweit erkennbar. {problem}</translation>
    </message>
    <message>
        <source>your desktop</source>
        <translation>Ihrem Desktop</translation>
    </message>
    <message>
        <source>On (read from {where})</source>
        <translation>An (gelesen von {where})</translation>
    </message>
    <message>
        <source>Off (read from {where})</source>
        <translation>Aus (gelesen von {where})</translation>
    </message>
    <message>
        <source>No calendar added</source>
        <translation>Kein Kalender hinzugefügt</translation>
    </message>
    <message>
        <source>Unknown: no calendar could be read</source>
        <translation>Unbekannt: kein Kalender war lesbar</translation>
    </message>
    <message>
        <source>Free now</source>
        <translation>Gerade frei</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Busy until {time}: {titles}</source>
        <translation>Beschäftigt bis {time}: {titles}</translation>
    </message>
    <message>
        <source>Busy until {time}</source>
        <translation>Beschäftigt bis {time}</translation>
    </message>
    <message>
        <source>{name}: not read yet</source>
        <translation>{name}: noch nicht gelesen</translation>
    </message>
    <message>
        <source>{name}: read at {time}</source>
        <translation>{name}: gelesen um {time}</translation>
    </message>
    <message>
        <source>{name}: {problem}</source>
        <translation>{name}: {problem}</translation>
    </message>
</context>
</TS>
