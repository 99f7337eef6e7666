<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>ActivityPage</name>
    <message>
        <source>Activité du jour</source>
        <translation>Today&apos;s activity</translation>
    </message>
    <message>
        <source>Les actes de ce poste aujourd&apos;hui, leur statut et leur récépissé. Un acte refusé ou annulé par le répertoire central est signalé ici, avec ce qu&apos;il faut dire au citoyen.</source>
        <translation>Today&apos;s acts at this station, their status and their receipt. An act refused or voided by the central register is flagged here, with what to tell the citizen.</translation>
    </message>
    <message>
        <source>Chargement…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Actes du jour</source>
        <translation>Today&apos;s acts</translation>
    </message>
    <message>
        <source>Imprimer (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>Aperçu (Ctrl+Maj+P)</source>
        <translation>Preview (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Actualiser (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) aujourd&apos;hui</source>
        <translation>
            <numerusform>%n act today</numerusform>
            <numerusform>%n acts today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n récépissé(s) à imprimer</source>
        <translation>
            <numerusform>%n receipt to print</numerusform>
            <numerusform>%n receipts to print</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) refusé(s) ou annulé(s) : prévenez le(s) citoyen(s)</source>
        <translation>
            <numerusform>%n act refused or voided: inform the citizen</numerusform>
            <numerusform>%n acts refused or voided: inform the citizens</numerusform>
        </translation>
    </message>
    <message>
        <source>Réimprimer (duplicata, Ctrl+P)</source>
        <translation>Reprint (duplicate, Ctrl+P)</translation>
    </message>
    <message>
        <source>Impression du récépissé n° {n}…</source>
        <translation>Printing receipt no. {n}…</translation>
    </message>
    <message>
        <source>Duplicata du récépissé</source>
        <translation>Duplicate receipt</translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>{what} n° {number} imprimé.</source>
        <translation>{what} no. {number} printed.</translation>
    </message>
    <message>
        <source>Récépissé n° {number} non imprimé : {reason}</source>
        <translation>Receipt no. {number} not printed: {reason}</translation>
    </message>
    <message>
        <source>Récépissé introuvable sur ce poste.</source>
        <translation>Receipt not found at this station.</translation>
    </message>
    <message>
        <source>Réimprimer le duplicata (Entrée)</source>
        <translation>Reprint the duplicate (Enter)</translation>
    </message>
    <message>
        <source>Imprimer (Entrée)</source>
        <translation>Print (Enter)</translation>
    </message>
</context>
<context>
    <name>ActivityTableModel</name>
    <message>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Acte</source>
        <translation>Act</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Impression</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>À imprimer</source>
        <translation>To print</translation>
    </message>
    <message numerus="yes">
        <source>%n impression(s)</source>
        <translation>
            <numerusform>Printed once</numerusform>
            <numerusform>Printed %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Personne</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>par {agent}</source>
        <translation>by {agent}</translation>
    </message>
    <message>
        <source>Dossier n° {number}</source>
        <translation>Case no. {number}</translation>
    </message>
    <message>
        <source>Pas de récépissé</source>
        <translation>No receipt</translation>
    </message>
    <message>
        <source>{name} ({login})</source>
        <translation>{name} ({login})</translation>
    </message>
</context>
<context>
    <name>ActsDialog</name>
    <message numerus="yes">
        <source>%n acte(s)</source>
        <translation>
            <numerusform>%n act</numerusform>
            <numerusform>%n acts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entrée(s)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Voir le &amp;récépissé (Entrée)</source>
        <translation>View the &amp;receipt (Enter)</translation>
    </message>
    <message>
        <source>Le récépissé de cet acte s&apos;ouvre depuis l&apos;écran de son renouvellement.</source>
        <translation>This act&apos;s receipt opens from its renewal screen.</translation>
    </message>
    <message>
        <source>Lecture du récépissé n° {n}…</source>
        <translation>Reading receipt no. {n}…</translation>
    </message>
    <message>
        <source>Récépissé introuvable sur ce poste.</source>
        <translation>Receipt not found at this station.</translation>
    </message>
</context>
<context>
    <name>ActsModel</name>
    <message>
        <source>En attente depuis</source>
        <translation>Waiting since</translation>
    </message>
    <message>
        <source>Refusé ou invalidé le</source>
        <translation>Refused or invalidated on</translation>
    </message>
    <message>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>N° de récépissé</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <source>Canal</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Décision</source>
        <translation>Decision</translation>
    </message>
</context>
<context>
    <name>AgentSwitchDialog</name>
    <message>
        <source>Changer d&apos;agent</source>
        <translation>Switch agent</translation>
    </message>
    <message>
        <source>Visa de l&apos;OPJ</source>
        <translation>OPJ&apos;s endorsement</translation>
    </message>
    <message>
        <source>L&apos;OPJ qui vous a désigné se connecte pour viser les procurations que vous établirez pendant cette session (R-AUTH-3) : vous restez au guichet et le formulaire en cours est conservé.</source>
        <translation>The OPJ who designated you signs in to endorse the proxies you establish during this session (R-AUTH-3): you stay at the counter and the form in progress is kept.</translation>
    </message>
    <message>
        <source>L&apos;agent qui prend le guichet se connecte : les actes suivants sont les siens et son nom figure sur les récépissés. Le formulaire en cours est effacé.</source>
        <translation>The agent taking over the counter logs in: the next acts are theirs and their name appears on the receipts. The form in progress is cleared.</translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Mot de passe</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Agents de démonstration</source>
        <translation>Demonstration agents</translation>
    </message>
    <message>
        <source>OPJ de démonstration</source>
        <translation>Demo OPJs</translation>
    </message>
    <message>
        <source>Prendre le guichet (Entrée)</source>
        <translation>Take over the counter (Enter)</translation>
    </message>
    <message>
        <source>Annuler (Échap)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Viser (Entrée)</source>
        <translation>Endorse (Enter)</translation>
    </message>
    <message>
        <source>Saisissez l&apos;identifiant et le mot de passe de l&apos;OPJ.</source>
        <translation>Enter the OPJ&apos;s username and password.</translation>
    </message>
    <message>
        <source>Saisissez l&apos;identifiant et le mot de passe de l&apos;agent.</source>
        <translation>Enter the agent&apos;s username and password.</translation>
    </message>
    <message>
        <source>Vérification…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>AgentsModel</name>
    <message>
        <source>Retiré</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>OPJ désignant à renseigner</source>
        <translation>Designating OPJ to be named</translation>
    </message>
    <message>
        <source>Verrouillé</source>
        <translation>Locked</translation>
    </message>
    <message numerus="yes">
        <source>%n échec(s)</source>
        <translation>
            <numerusform>%n failure</numerusform>
            <numerusform>%n failures</numerusform>
        </translation>
    </message>
    <message>
        <source>Actif</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Délégué enregistré avant la désignation : aucun visa ne vaut pour ses procurations tant que l&apos;administrateur n&apos;a pas nommé l&apos;OPJ qui l&apos;a désigné (R-AUTH-3).</source>
        <translation>Delegate registered before designations: no visa counts for their proxies until the administrator names the OPJ who designated them (R-AUTH-3).</translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Rôle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Qualité</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <source>État</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>AgentsPage</name>
    <message>
        <source>Agents</source>
        <translation>Agents</translation>
    </message>
    <message>
        <source>Les comptes des agents de ce poste. L&apos;enregistrement d&apos;un agent demande le répertoire central ; le déverrouillage et la réinitialisation, toujours par un compte de rang supérieur, fonctionnent hors ligne.</source>
        <translation>The accounts of this station&apos;s agents. Registering an agent needs the central register; unlocking and password resets, always by a higher-ranking account, work offline.</translation>
    </message>
    <message>
        <source>&amp;Déverrouiller</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>&amp;Réinitialiser le mot de passe</source>
        <translation>&amp;Reset the password</translation>
    </message>
    <message>
        <source>Re&amp;tirer l&apos;agent</source>
        <translation>Remove the agen&amp;t</translation>
    </message>
    <message>
        <source>OPJ dési&amp;gnant</source>
        <translation>Desi&amp;gnating OPJ</translation>
    </message>
    <message>
        <source>&amp;Appliquer la désignation</source>
        <translation>&amp;Apply the designation</translation>
    </message>
    <message>
        <source>Enregistrer un agent</source>
        <translation>Register an agent</translation>
    </message>
    <message>
        <source>&amp;Identifiant</source>
        <translation>U&amp;sername</translation>
    </message>
    <message>
        <source>&amp;Nom et prénom</source>
        <translation>Full &amp;name</translation>
    </message>
    <message>
        <source>Adresse é&amp;lectronique</source>
        <translation>E&amp;mail address</translation>
    </message>
    <message>
        <source>R&amp;ôle</source>
        <translation>Ro&amp;le</translation>
    </message>
    <message>
        <source>&amp;Qualité</source>
        <translation>&amp;Capacity</translation>
    </message>
    <message>
        <source>OPJ qui désigne le délégué</source>
        <translation>OPJ who designates the delegate</translation>
    </message>
    <message>
        <source>Désigné par l&apos;&amp;OPJ</source>
        <translation>Designated by the &amp;OPJ</translation>
    </message>
    <message>
        <source>&amp;Enregistrer l&apos;agent</source>
        <translation>R&amp;egister the agent</translation>
    </message>
    <message>
        <source>Le retrait d&apos;un agent (départ, mutation) est fait par l&apos;administrateur du poste : son mot de passe n&apos;ouvre plus rien, ses actes restent à son nom.</source>
        <translation>An agent who leaves (departure, transfer) is removed by the station&apos;s administrator: their password no longer opens anything, their acts stay in their name.</translation>
    </message>
    <message>
        <source>Confirmer le re&amp;trait du compte {login}</source>
        <translation>Confirm the re&amp;moval of account {login}</translation>
    </message>
    <message>
        <source>{login} : OPJ désignant à renseigner. Délégué enregistré avant la désignation : aucun visa ne vaut pour ses procurations tant que vous n&apos;avez pas nommé l&apos;OPJ qui l&apos;a désigné (R-AUTH-3).</source>
        <translation>{login}: designating OPJ to be named. Delegate registered before designations: no visa counts for their proxies until you name the OPJ who designated them (R-AUTH-3).</translation>
    </message>
    <message>
        <source>{login} : seul le visa de l&apos;OPJ désignant vaut (R-AUTH-3).</source>
        <translation>{login}: only the designating OPJ&apos;s visa counts (R-AUTH-3).</translation>
    </message>
    <message>
        <source>Indiquez l&apos;identifiant et le nom de l&apos;agent.</source>
        <translation>Enter the agent&apos;s username and name.</translation>
    </message>
    <message>
        <source>Agent enregistré. Mot de passe provisoire, à lui remettre en main propre (affiché une seule fois ; il le changera à sa première connexion) : {password}</source>
        <translation>Agent registered. Temporary password, to be handed to them in person (shown only once; they will change it at their first login): {password}</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord un agent dans la liste.</source>
        <translation>First choose an agent in the list.</translation>
    </message>
    <message>
        <source>Compte {login} déverrouillé.</source>
        <translation>Account {login} unlocked.</translation>
    </message>
    <message>
        <source>Mot de passe du compte {login} réinitialisé. Mot de passe provisoire (affiché une seule fois) : {password}</source>
        <translation>Password of account {login} reset. Temporary password (shown only once): {password}</translation>
    </message>
    <message>
        <source>OPJ désignant du compte {login} : {opj}. Seul son visa vaudra (R-AUTH-3).</source>
        <translation>Designating OPJ of account {login}: {opj}. Only their visa will count (R-AUTH-3).</translation>
    </message>
    <message>
        <source>Retirer {login} ({name}) ? Son mot de passe n&apos;ouvrira plus rien et la base sera rechiffrée ; ses actes restent à son nom. Appuyez de nouveau pour confirmer, ou choisissez un autre agent.</source>
        <translation>Remove {login} ({name})? Their password will no longer open anything and the database will be re-encrypted; their acts stay in their name. Press again to confirm, or choose another agent.</translation>
    </message>
    <message>
        <source>Agent {login} retiré : la base a été rechiffrée, son mot de passe n&apos;ouvre plus rien.</source>
        <translation>Agent {login} removed: the database has been re-encrypted, their password no longer opens anything.</translation>
    </message>
    <message>
        <source> Répertoire central injoignable : signalez-y le retrait dès le retour en ligne.</source>
        <translation> Central register unreachable: report the removal to it as soon as the station is back online.</translation>
    </message>
    <message numerus="yes">
        <source>%n autre(s) agent(s) devront faire réinitialiser leur mot de passe.</source>
        <translation>
            <numerusform>%n other agent will need their password reset.</numerusform>
            <numerusform>%n other agents will need their password reset.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source> ; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>{label} : {value}</source>
        <translation>{label}: {value}</translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) sur la période</source>
        <translation>
            <numerusform>%n act over the period</numerusform>
            <numerusform>%n acts over the period</numerusform>
        </translation>
    </message>
    <message>
        <source>{acts}. {series}</source>
        <translation>{acts}. {series}</translation>
    </message>
    <message>
        <source>{label} — {date} : {value}</source>
        <translation>{label} — {date}: {value}</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Date de la notification d&apos;envoi</source>
        <translation>Date of the dispatch notice</translation>
    </message>
    <message>
        <source>Enregistrer l&apos;&amp;envoi du passeport</source>
        <translation>Record the passport&apos;s &amp;dispatch</translation>
    </message>
    <message>
        <source>Date de réception par le demandeur</source>
        <translation>Date received by the applicant</translation>
    </message>
    <message>
        <source>Enregistrer la &amp;réception</source>
        <translation>Record the &amp;receipt</translation>
    </message>
    <message>
        <source>Date de confirmation sur le site de l&apos;ANTS</source>
        <translation>Date confirmed on the ANTS website</translation>
    </message>
    <message>
        <source>Enregistrer la &amp;confirmation ANTS</source>
        <translation>Record the ANTS &amp;confirmation</translation>
    </message>
    <message>
        <source>Date de réception de l&apos;ancien passeport</source>
        <translation>Date the old passport was received</translation>
    </message>
    <message>
        <source>Enregistrer le &amp;retour de l&apos;ancien passeport</source>
        <translation>Record the old passport&apos;s &amp;return</translation>
    </message>
    <message>
        <source>Étapes du dossier</source>
        <translation>Steps of the case</translation>
    </message>
    <message>
        <source>Réimprimer le dernier récépissé</source>
        <translation>Reprint the last receipt</translation>
    </message>
    <message>
        <source>Numéro de sécurité à communiquer au demandeur. Il ne sera plus jamais affiché : le demandeur le saisira sur le site de l&apos;ANTS à la réception de son passeport.</source>
        <translation>Security number to give to the applicant. It will never be shown again: the applicant will enter it on the ANTS website when the passport arrives.</translation>
    </message>
    <message>
        <source>J&apos;ai &amp;communiqué le numéro</source>
        <translation>I have &amp;given the number</translation>
    </message>
    <message>
        <source>Photo aux normes françaises reçue</source>
        <translation>Photo meeting French standards received</translation>
    </message>
    <message>
        <source>L&apos;étiquette DHL porte l&apos;option « signature d&apos;un adulte »</source>
        <translation>The DHL label carries the “adult signature” option</translation>
    </message>
    <message>
        <source>Enregistrer la réception des &amp;pièces</source>
        <translation>Record receipt of the &amp;documents</translation>
    </message>
    <message>
        <source>Identité vérifiée pendant l&apos;entretien en visioconférence</source>
        <translation>Identity checked during the video interview</translation>
    </message>
    <message>
        <source>Demande &amp;validée</source>
        <translation>Application &amp;approved</translation>
    </message>
    <message>
        <source>Demande re&amp;fusée</source>
        <translation>Application re&amp;fused</translation>
    </message>
    <message>
        <source>Motif du refus</source>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <source>Enregistrer l&apos;issue de l&apos;&amp;entretien</source>
        <translation>Record the &amp;interview outcome</translation>
    </message>
    <message>
        <source>Date de l&apos;étape</source>
        <translation>Date of the step</translation>
    </message>
    <message>
        <source>Enregistrer la date</source>
        <translation>Save the date</translation>
    </message>
    <message>
        <source>Le délai de 40 jours est dépassé sans renvoi de l&apos;ancien passeport : le nouveau passeport doit être invalidé et signalé à Interpol (R-PASS-1).</source>
        <translation>The 40-day period has passed without the old passport being returned: the new passport must be invalidated and reported to Interpol (R-PASS-1).</translation>
    </message>
    <message>
        <source>Confirmer l&apos;&amp;invalidation et le signalement à Interpol</source>
        <translation>Confirm the &amp;invalidation and the report to Interpol</translation>
    </message>
    <message>
        <source>L&apos;ancien passeport est arrivé</source>
        <translation>The old passport has arrived</translation>
    </message>
    <message>
        <source> — renvoi de l&apos;ancien passeport au plus tard le {date}</source>
        <translation> — old passport to be returned by {date}</translation>
    </message>
    <message>
        <source> — ancien passeport reçu le {date}</source>
        <translation> — old passport received on {date}</translation>
    </message>
    <message>
        <source>Né(e) le {birth} — {country} — NUMIC {numic} — passeport délivré le {issued}, expire le {expiry}</source>
        <translation>Born {birth} — {country} — NUMIC {numic} — passport issued {issued}, expires {expiry}</translation>
    </message>
    <message>
        <source>non renseigné</source>
        <translation>not given</translation>
    </message>
    <message>
        <source>faite</source>
        <translation>done</translation>
    </message>
    <message>
        <source>à faire</source>
        <translation>to do</translation>
    </message>
    <message>
        <source>à venir</source>
        <translation>to come</translation>
    </message>
    <message>
        <source>Étape {n} sur {total}, {state} : {title}</source>
        <translation>Step {n} of {total}, {state}: {title}</translation>
    </message>
    <message>
        <source>Note : {note} — {agent}</source>
        <translation>Note: {note} — {agent}</translation>
    </message>
    <message>
        <source>⚑ {note} — {agent}</source>
        <translation>⚑ {note} — {agent}</translation>
    </message>
    <message>
        <source>L&apos;ancien passeport est arrivé : enregistrer d&apos;abord la confirmation ANTS</source>
        <translation>The old passport has arrived: first record the ANTS confirmation</translation>
    </message>
    <message>
        <source> — {date}, {agent}</source>
        <translation> — {date}, {agent}</translation>
    </message>
    <message>
        <source> — {date} (enregistrée le {recorded}), {agent}</source>
        <translation> — {date} (recorded on {recorded}), {agent}</translation>
    </message>
    <message>
        <source>agent {agent}</source>
        <translation>agent {agent}</translation>
    </message>
    <message>
        <source>Enregistrée par {name} (identifiant : {login})</source>
        <translation>Recorded by {name} (login: {login})</translation>
    </message>
    <message>
        <source>Date incomplète ou invalide : JJ/MM/AAAA.</source>
        <translation>Incomplete or invalid date: DD/MM/YYYY.</translation>
    </message>
</context>
<context>
    <name>ChannelPanel</name>
    <message>
        <source>6 caractères, ex. K7M2QX</source>
        <translation>6 characters, e.g. K7M2QX</translation>
    </message>
    <message>
        <source>Récupérer (Ctrl+R)</source>
        <translation>Retrieve (Ctrl+R)</translation>
    </message>
    <message>
        <source>ex. 12668*03 (facultatif)</source>
        <translation>e.g. 12668*03 (optional)</translation>
    </message>
    <message>
        <source>&amp;Canal</source>
        <translation>&amp;Channel</translation>
    </message>
    <message>
        <source>&amp;Référence Maprocuration</source>
        <translation>Maprocuration &amp;reference</translation>
    </message>
    <message>
        <source>Date de la &amp;demande en ligne</source>
        <translation>&amp;Date of the online request</translation>
    </message>
    <message>
        <source>&amp;Version du formulaire</source>
        <translation>Form &amp;version</translation>
    </message>
</context>
<context>
    <name>ChartsScroll</name>
    <message>
        <source>▲ Début des chiffres plus haut (Pg. préc.)</source>
        <translation>▲ Start of the figures above (Page Up)</translation>
    </message>
    <message>
        <source>▼ Suite des chiffres plus bas (Pg. suiv.)</source>
        <translation>▼ More figures below (Page Down)</translation>
    </message>
</context>
<context>
    <name>CheckBadges</name>
    <message>
        <source>{mark} {check} : non vérifiable</source>
        <translation>{mark} {check}: cannot be checked</translation>
    </message>
    <message>
        <source>Lu sur la puce : {files}</source>
        <translation>Read from the chip: {files}</translation>
    </message>
    <message>
        <source>Document expiré le {date}</source>
        <translation>Document expired on {date}</translation>
    </message>
    <message>
        <source>Valide jusqu&apos;au {date}</source>
        <translation>Valid until {date}</translation>
    </message>
    <message>
        <source>✓ Clés de contrôle de la zone MRZ</source>
        <translation>✓ MRZ check digits</translation>
    </message>
    <message>
        <source>– Puce : aucune (ancienne carte d&apos;identité)</source>
        <translation>– Chip: none (old identity card)</translation>
    </message>
    <message>
        <source>Délivrée il y a 10 ans au plus, 15 ans pour un majeur ; +5 ans pour un majeur en 2004-2013.</source>
        <translation>Issued 10 years ago at most, 15 years for an adult; +5 years for an adult in 2004-2013.</translation>
    </message>
    <message>
        <source>Carte expirée fin {month} (voir le verso)</source>
        <translation>Card expired at the end of {month} (see the back)</translation>
    </message>
    <message>
        <source>Valide jusqu&apos;à fin {month} (voir le verso)</source>
        <translation>Valid until the end of {month} (see the back)</translation>
    </message>
</context>
<context>
    <name>CounterSeat</name>
    <message>
        <source>Carte agent retirée : session verrouillée</source>
        <translation>Agent card removed: session locked</translation>
    </message>
    <message>
        <source>Session verrouillée</source>
        <translation>Session locked</translation>
    </message>
</context>
<context>
    <name>CoveredElections</name>
    <message>
        <source>Élections couvertes</source>
        <translation>Elections covered</translation>
    </message>
    <message>
        <source>Élection couverte</source>
        <translation>Election covered</translation>
    </message>
    <message>
        <source> (même jour de vote : la procuration vaut pour toutes, R-VALID-5)</source>
        <translation> (same polling day: the proxy is valid for all of them, R-VALID-5)</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>jamais</source>
        <translation>never</translation>
    </message>
    <message>
        <source>{date} à {time}</source>
        <translation>{date} at {time}</translation>
    </message>
    <message>
        <source>aucune</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} h {minutes}</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>puce prouvée</source>
        <translation>by proven chip</translation>
    </message>
    <message>
        <source>puce non prouvée</source>
        <translation>by unproven chip</translation>
    </message>
    <message>
        <source>zone MRZ</source>
        <translation>from the MRZ</translation>
    </message>
    <message>
        <source>saisie d&apos;après le document</source>
        <translation>typed from the document</translation>
    </message>
    <message>
        <source>demande en ligne</source>
        <translation>from an online request</translation>
    </message>
    <message>
        <source>Tableau de bord</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>L&apos;activité du poste sur les 30 derniers jours, depuis la base locale (disponible hors ligne). Cliquez sur une barre pour voir les actes de ce jour.</source>
        <translation>The station&apos;s activity over the last 30 days, from the local database (available offline). Click a bar to see that day&apos;s acts.</translation>
    </message>
    <message>
        <source>Calcul des chiffres…</source>
        <translation>Computing the figures…</translation>
    </message>
    <message>
        <source>Actes par jour, par nature</source>
        <translation>Acts per day, by kind</translation>
    </message>
    <message>
        <source>Procurations et résiliations par jour, par canal</source>
        <translation>Proxies and revocations per day, by channel</translation>
    </message>
    <message>
        <source>Entrées en attente du répertoire central, en fin de journée</source>
        <translation>Entries awaiting the central register, at the end of each day</translation>
    </message>
    <message>
        <source>Procurations et résiliations, par canal</source>
        <translation>Proxies and revocations, by channel</translation>
    </message>
    <message>
        <source>&amp;Voir la liste</source>
        <translation>&amp;View the list</translation>
    </message>
    <message>
        <source>Voir les entrées en attente du répertoire central</source>
        <translation>View the entries waiting for the central register</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Refus et invalidations par règle</source>
        <translation>Refusals and invalidations by rule</translation>
    </message>
    <message>
        <source>Entrée ou double-clic : les actes derrière ces chiffres</source>
        <translation>Enter or double-click: the acts behind these figures</translation>
    </message>
    <message>
        <source>Période du</source>
        <translation>Period from</translation>
    </message>
    <message>
        <source>Début de la période</source>
        <translation>Start of the period</translation>
    </message>
    <message>
        <source>Fin de la période</source>
        <translation>End of the period</translation>
    </message>
    <message>
        <source>au</source>
        <translation>to</translation>
    </message>
    <message>
        <source>&amp;Rapport d&apos;activité (PDF)…</source>
        <translation>Activity &amp;report (PDF)…</translation>
    </message>
    <message>
        <source>E&amp;xporter les actes (CSV)…</source>
        <translation>E&amp;xport the acts (CSV)…</translation>
    </message>
    <message>
        <source>Ac&amp;tualiser</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>En attente</source>
        <translation>Pending</translation>
    </message>
    <message numerus="yes">
        <source>%n entrée(s) en attente ; la plus ancienne attend depuis %2 ; dernière synchronisation réussie : %3.</source>
        <translation>
            <numerusform>%n entry pending; it has been waiting for %2; last successful synchronisation: %3.</numerusform>
            <numerusform>%n entries pending; the oldest has been waiting for %2; last successful synchronisation: %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Renouvellements : %n retour(s) de passeport dû(s) sous 7 jours</source>
        <translation>
            <numerusform>Renewals: %n passport return due within 7 days</numerusform>
            <numerusform>Renewals: %n passport returns due within 7 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n en retard</source>
        <translation>
            <numerusform>, %n overdue</numerusform>
            <numerusform>, %n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> ; %n renouvellement(s) d&apos;identifiants de vote par internet sur 30 jours.</source>
        <translation>
            <numerusform>; %n internet voting credential renewal over 30 days.</numerusform>
            <numerusform>; %n internet voting credential renewals over 30 days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) sur les 30 derniers jours, du %2 au %3.</source>
        <translation>
            <numerusform>%n act over the last 30 days, from %2 to %3.</numerusform>
            <numerusform>%n acts over the last 30 days, from %2 to %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Par agent : aucun acte sur les 7 derniers jours.</source>
        <translation>By agent: no act in the last 7 days.</translation>
    </message>
    <message>
        <source>{name} : {today} / {week}</source>
        <translation>{name}: {today} / {week}</translation>
    </message>
    <message>
        <source>Par agent, aujourd&apos;hui / sur 7 jours — {parts}.</source>
        <translation>By agent, today / over 7 days — {parts}.</translation>
    </message>
    <message>
        <source>Identité des mandants (30 jours) : aucune procuration ne la mentionne.</source>
        <translation>How principals were identified (30 days): not recorded on any proxy.</translation>
    </message>
    <message>
        <source>{source} : {count}</source>
        <translation>{count} {source}</translation>
    </message>
    <message>
        <source> ; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>Identité des mandants sur 30 jours — {parts}.</source>
        <translation>How principals were identified (30 days): {parts}.</translation>
    </message>
    <message>
        <source>Calcul…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>Refus et invalidations — règle {rule}</source>
        <translation>Refusals and invalidations — rule {rule}</translation>
    </message>
    <message>
        <source>En attente du répertoire central</source>
        <translation>Waiting for the central register</translation>
    </message>
    <message>
        <source>Saisissez les dates de début et de fin de la période (JJ/MM/AAAA).</source>
        <translation>Enter the start and end dates of the period (DD/MM/YYYY).</translation>
    </message>
    <message>
        <source>Rapport d&apos;activité</source>
        <translation>Activity report</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export des actes</source>
        <translation>Export of the acts</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Enregistré : %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>DateInput</name>
    <message>
        <source>JJ/MM/AAAA</source>
        <translation>DD/MM/YYYY</translation>
    </message>
</context>
<context>
    <name>DeadlinesPanel</name>
    <message>
        <source>Dossier</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Demandeur</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Renvoi avant le</source>
        <translation>Return by</translation>
    </message>
    <message>
        <source>Jours</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>dernier jour</source>
        <translation>last day</translation>
    </message>
    <message>
        <source>Ancien passeport attendu dans les 7 jours</source>
        <translation>Old passport expected within 7 days</translation>
    </message>
    <message>
        <source>Délai de 40 jours dépassé : invalidation et signalement à Interpol</source>
        <translation>40-day period exceeded: invalidation and report to Interpol</translation>
    </message>
    <message>
        <source>&amp;Actualiser</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Ouvrir le dossier</source>
        <translation>&amp;Open the case</translation>
    </message>
    <message>
        <source>&amp;Invalider et signaler à Interpol</source>
        <translation>&amp;Invalidate and report to Interpol</translation>
    </message>
    <message>
        <source>Le passeport du dossier {case} ({name}) sera invalidé et signalé à Interpol, sans retour possible : appuyez de nouveau pour confirmer.</source>
        <translation>The passport of case {case} ({name}) will be invalidated and reported to Interpol, which cannot be undone: press again to confirm.</translation>
    </message>
    <message>
        <source>Dossier {case} : passeport invalidé et signalé à Interpol.</source>
        <translation>Case {case}: passport invalidated and reported to Interpol.</translation>
    </message>
    <message>
        <source>Confirmer l&apos;invalidation du passeport et son signalement à Interpol</source>
        <translation>Confirm the passport&apos;s invalidation and its report to Interpol</translation>
    </message>
    <message>
        <source>Le {0} : {1} bientôt, {2} en retard.</source>
        <translation>On {0}: {1} soon, {2} overdue.</translation>
    </message>
    <message numerus="yes">
        <source>%n renvoi(s) attendu(s)</source>
        <translation>
            <numerusform>%n return expected</numerusform>
            <numerusform>%n returns expected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s) vien(nen)t d&apos;être signalé(s) pour invalidation.</source>
        <translation>
            <numerusform>%n case has just been flagged for invalidation.</numerusform>
            <numerusform>%n cases have just been flagged for invalidation.</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirmer l&apos;&amp;invalidation du dossier {case}</source>
        <translation>Confirm the &amp;invalidation of case {case}</translation>
    </message>
    <message>
        <source>Choisissez un dossier en retard dans la liste.</source>
        <translation>Choose an overdue case in the list.</translation>
    </message>
</context>
<context>
    <name>DecisionTableModel</name>
    <message>
        <source>Reçu le</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Cas à décider</source>
        <translation>Cases to decide</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Appareils</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>État du lecteur de cartes, de l&apos;imprimante de récépissés et du stockage chiffré de ce poste.</source>
        <translation>State of this workstation&apos;s card reader, receipt printer and encrypted storage.</translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Retirer la carte agent (simulation)</source>
        <translation>Remove the agent card (simulation)</translation>
    </message>
    <message>
        <source>Remettre la carte agent (simulation)</source>
        <translation>Put the agent card back (simulation)</translation>
    </message>
    <message>
        <source>&amp;Langue des écrans</source>
        <translation>Screen &amp;language</translation>
    </message>
    <message>
        <source>Préférence non enregistrée : {reason}</source>
        <translation>Preference not saved: {reason}</translation>
    </message>
    <message>
        <source>État</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>EstablishPage</name>
    <message>
        <source>zone MRZ (pas de CAN)</source>
        <translation>MRZ (no CAN)</translation>
    </message>
    <message>
        <source>Démonstration : {document} ({surname}) sur le lecteur ({key}). F3 : document suivant.</source>
        <translation>Demonstration: {document} ({surname}) on the reader ({key}). F3: next document.</translation>
    </message>
    <message>
        <source>Établir une procuration</source>
        <translation>Establish a proxy</translation>
    </message>
    <message>
        <source>Lisez la carte du mandant (CAN puis F2), complétez le mandataire et la validité, puis Entrée (ou Ctrl+S) : vérifiez le récapitulatif avec le mandant, Entrée enregistre et imprime.</source>
        <translation>Read the principal&apos;s card (CAN then F2), fill in the proxy holder and the validity, then Enter (or Ctrl+S): check the summary with the principal; Enter saves and prints.</translation>
    </message>
    <message>
        <source>Canal</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Mandant</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Mandataire</source>
        <translation>Proxy holder</translation>
    </message>
    <message>
        <source>Validité, déplacement et autorité</source>
        <translation>Validity, home visit and authority</translation>
    </message>
    <message>
        <source>Autorité : {agent}, {capacity} — {station}</source>
        <translation>Authority: {agent}, {capacity} — {station}</translation>
    </message>
    <message>
        <source>{authority}, sous le visa de l&apos;OPJ {opj}</source>
        <translation>{authority}, endorsed by OPJ {opj}</translation>
    </message>
    <message>
        <source>Avertissements</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Aucun avertissement.</source>
        <translation>No warnings.</translation>
    </message>
    <message>
        <source>&amp;J&apos;ai informé le mandant de ces avertissements</source>
        <translation>I have in&amp;formed the principal of these warnings</translation>
    </message>
    <message>
        <source>Vérifier et enregistrer (Ctrl+S)</source>
        <translation>Check and save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Effacer (Échap)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <source>Carte non lue : {reason}</source>
        <translation>Card not read: {reason}</translation>
    </message>
    <message>
        <source>Appuyez de nouveau sur Échap pour effacer la saisie en cours.</source>
        <translation>Press Esc again to clear what has been entered.</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>Date impossible ou incomplète : saisissez le jour, le mois et l&apos;année (JJ/MM/AAAA, par exemple 15/01/1990).</source>
        <translation>Impossible or incomplete date: type the day, the month and the year (DD/MM/YYYY, for example 15/01/1990).</translation>
    </message>
    <message>
        <source>Raccourci : {key}</source>
        <translation>Shortcut: {key}</translation>
    </message>
</context>
<context>
    <name>FirstSetupDialog</name>
    <message>
        <source>Première mise en service — Guichet</source>
        <translation>First start-up — Guichet</translation>
    </message>
    <message>
        <source>Ce poste ({station}) n&apos;a encore aucun compte. Créez le compte de son administrateur : il enregistrera ensuite les agents. Cette étape demande une connexion au répertoire central ; les connexions suivantes fonctionnent hors ligne.</source>
        <translation>This station ({station}) has no account yet. Create its administrator&apos;s account: the administrator will then register the agents. This step needs a connection to the central register; later logins work offline.</translation>
    </message>
    <message>
        <source>pour recevoir un code de réinitialisation</source>
        <translation>to receive a reset code</translation>
    </message>
    <message>
        <source>Générer un autre</source>
        <translation>Generate another</translation>
    </message>
    <message>
        <source>Créer le compte administrateur</source>
        <translation>Create the administrator account</translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Nom et prénom</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Adresse électronique</source>
        <translation>Email address</translation>
    </message>
    <message>
        <source>Mot de passe</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Indiquez l&apos;identifiant et le nom de l&apos;administrateur.</source>
        <translation>Enter the administrator&apos;s username and name.</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>RÉPUBLIQUE
FRANÇAISE</source>
        <translation>FRENCH
REPUBLIC</translation>
    </message>
    <message>
        <source>Guichet</source>
        <translation>Guichet</translation>
    </message>
    <message>
        <source>Changer d&apos;agent</source>
        <translation>Switch agent</translation>
    </message>
    <message>
        <source>Un autre agent prend le guichet : les actes suivants sont les siens (Ctrl+Maj+L)</source>
        <translation>Another agent takes over the counter: the next acts are theirs (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <source>Masquer l&apos;écran ; la saisie en cours est conservée (Ctrl+L)</source>
        <translation>Hide the screen; what is being entered is kept (Ctrl+L)</translation>
    </message>
    <message>
        <source>DÉMONSTRATION
données fictives</source>
        <translation>DEMONSTRATION
fictitious data</translation>
    </message>
    <message>
        <source>DÉMONSTRATION — données fictives</source>
        <translation>DEMONSTRATION — fictitious data</translation>
    </message>
    <message>
        <source>Verrouiller</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Verrouiller (Ctrl+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Origine</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Ce poste</source>
        <translation>This station</translation>
    </message>
    <message>
        <source>Répertoire central</source>
        <translation>Central register</translation>
    </message>
    <message>
        <source>Détail</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>IdentityPanel</name>
    <message>
        <source>Liste communale</source>
        <translation>Municipal list</translation>
    </message>
    <message>
        <source>Liste consulaire</source>
        <translation>Consular list</translation>
    </message>
    <message>
        <source>Liste complémentaire (municipales)</source>
        <translation>Supplementary list (municipal elections)</translation>
    </message>
    <message>
        <source>Liste complémentaire (européennes)</source>
        <translation>Supplementary list (European elections)</translation>
    </message>
    <message>
        <source>Liste de Nouvelle-Calédonie</source>
        <translation>New Caledonia list</translation>
    </message>
    <message>
        <source>Liste à choisir</source>
        <translation>List to choose</translation>
    </message>
    <message>
        <source>6 chiffres au recto</source>
        <translation>6 digits on the front</translation>
    </message>
    <message>
        <source>ou la zone MRZ scannée</source>
        <translation>or the scanned MRZ</translation>
    </message>
    <message>
        <source>8 ou 9 chiffres</source>
        <translation>8 or 9 digits</translation>
    </message>
    <message>
        <source>C&amp;AN de la carte (F2 pour lire)</source>
        <translation>Card C&amp;AN (F2 to read)</translation>
    </message>
    <message>
        <source>&amp;Zone MRZ</source>
        <translation>MR&amp;Z</translation>
    </message>
    <message>
        <source>N&amp;om</source>
        <translation>Surname (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Prénoms</source>
        <translation>&amp;Given names</translation>
    </message>
    <message>
        <source>Date de na&amp;issance</source>
        <translation>Date of b&amp;irth</translation>
    </message>
    <message>
        <source>N° national d&apos;électeur (&amp;NNE)</source>
        <translation>National voter number (&amp;NNE)</translation>
    </message>
    <message>
        <source>&amp;Liste d&apos;inscription</source>
        <translation>Electoral &amp;list</translation>
    </message>
    <message>
        <source>Posez la carte sur le lecteur, tapez le CAN puis F2.</source>
        <translation>Place the card on the reader, type the CAN, then F2.</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Tapez d&apos;abord le CAN (6 chiffres au recto de la carte) ou la zone MRZ, puis F2.</source>
        <translation>First type the CAN (6 digits on the front of the card) or the MRZ, then F2.</translation>
    </message>
    <message>
        <source>Aucun lecteur de carte : saisissez ou scannez la zone MRZ.</source>
        <translation>No card reader: type or scan the MRZ.</translation>
    </message>
    <message>
        <source>Lecture de la puce…</source>
        <translation>Reading the chip…</translation>
    </message>
    <message>
        <source>La lecture de la carte a échoué : recommencez ou saisissez la zone MRZ.</source>
        <translation>The card could not be read: try again or type the MRZ.</translation>
    </message>
    <message>
        <source>Puce lue ({access}) : données authentiques. Comparez la photo avec la personne.</source>
        <translation>Chip read ({access}): authentic data. Compare the photo with the person.</translation>
    </message>
    <message>
        <source>Puce lue ({access}) : données signées, mais le pays émetteur n&apos;est pas contrôlé ({reason}). Comparez la photo avec la personne et contrôlez le document à l&apos;œil.</source>
        <translation>Chip read ({access}): signed data, but the issuing country is not checked ({reason}). Compare the photo with the person and check the document by eye.</translation>
    </message>
    <message>
        <source>Puce lue ({access}), vérifications impossibles : {checks}. Contrôlez le document à l&apos;œil.</source>
        <translation>Chip read ({access}), checks not possible: {checks}. Inspect the document visually.</translation>
    </message>
    <message>
        <source>Puce lue mais contrôle d&apos;authenticité en échec : {checks}. Vérifiez le document à l&apos;œil.</source>
        <translation>Chip read but the authenticity check failed: {checks}. Inspect the document visually.</translation>
    </message>
    <message>
        <source>Ancienne carte d&apos;identité (sans puce) : zone MRZ contrôlée. Vérifiez la photo et le verso.</source>
        <translation>Old identity card (no chip): MRZ checked. Check the photo and the back.</translation>
    </message>
    <message>
        <source>Zone MRZ lue : contrôles de la zone réussis. F2 lit la puce avec cette zone.</source>
        <translation>MRZ read: its checks passed. F2 reads the chip with this MRZ.</translation>
    </message>
</context>
<context>
    <name>IvotePanel</name>
    <message>
        <source>Récépissé</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Élément</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Demandé le</source>
        <translation>Requested on</translation>
    </message>
    <message>
        <source>Lien utilisé le</source>
        <translation>Link used on</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>L&apos;électeur reçoit par courriel un lien à usage unique ; son nouvel identifiant ou mot de passe s&apos;affiche seulement sur le portail de vote. L&apos;agent ne voit jamais ces éléments.</source>
        <translation>The voter receives a single-use link by email; the new login ID or password is shown only on the voting portal. The agent never sees them.</translation>
    </message>
    <message>
        <source>Numéro d&apos;identification consulaire</source>
        <translation>Consular identification number</translation>
    </message>
    <message>
        <source>Adresse donnée au consulat ou au registre en ligne</source>
        <translation>Address given to the consulate or in the online register</translation>
    </message>
    <message>
        <source>NUMI&amp;C</source>
        <translation>NUMI&amp;C</translation>
    </message>
    <message>
        <source>Adresse é&amp;lectronique</source>
        <translation>E&amp;mail address</translation>
    </message>
    <message>
        <source>&amp;Rechercher l&apos;électeur</source>
        <translation>&amp;Find the voter</translation>
    </message>
    <message>
        <source>À renouveler :</source>
        <translation>To renew:</translation>
    </message>
    <message>
        <source>&amp;Identifiant</source>
        <translation>&amp;Login ID</translation>
    </message>
    <message>
        <source>&amp;Mot de passe</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Pour des raisons de sécurité, l&apos;identifiant et le mot de passe ne peuvent pas être renouvelés en même temps (R-IVOTE-5).</source>
        <translation>For security reasons, the login ID and the password cannot be renewed at the same time (R-IVOTE-5).</translation>
    </message>
    <message>
        <source>Enregistrer la &amp;demande</source>
        <translation>Save the &amp;request</translation>
    </message>
    <message>
        <source>Demandes de vote par internet</source>
        <translation>Internet voting requests</translation>
    </message>
    <message>
        <source>Réimprimer le récépissé</source>
        <translation>Reprint the receipt</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <source>Date et heure</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Acte ou compte</source>
        <translation>Act or account</translation>
    </message>
    <message>
        <source>{name} ({login})</source>
        <translation>{name} ({login})</translation>
    </message>
    <message numerus="yes">
        <source>Cette consultation a listé %n acte(s) ; le journal n&apos;en gardait alors que le nombre et une empreinte, pas les numéros.</source>
        <translation>
            <numerusform>This consultation listed %n act; the log then kept only the count and a fingerprint, not the numbers.</numerusform>
            <numerusform>This consultation listed %n acts; the log then kept only the count and a fingerprint, not the numbers.</numerusform>
        </translation>
    </message>
    <message>
        <source>{first} à {last}</source>
        <translation>{first} to {last}</translation>
    </message>
    <message>
        <source>Actes listés par cette consultation (n° de récépissé) : {numbers}.</source>
        <translation>Acts listed by this consultation (receipt no.): {numbers}.</translation>
    </message>
    <message numerus="yes">
        <source>Et %n autre(s), comptés seulement.</source>
        <translation>
            <numerusform>And %n other, counted only.</numerusform>
            <numerusform>And %n others, counted only.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Liste de %n acte(s)</source>
        <translation>
            <numerusform>List of %n act</numerusform>
            <numerusform>List of %n acts</numerusform>
        </translation>
    </message>
    <message>
        <source>Action enregistrée : {name}</source>
        <translation>Action recorded: {name}</translation>
    </message>
    <message>
        <source>Détail : {detail}</source>
        <translation>Detail: {detail}</translation>
    </message>
</context>
<context>
    <name>JournalPage</name>
    <message>
        <source>Connexions et échecs de connexion</source>
        <translation>Logins and failed logins</translation>
    </message>
    <message>
        <source>Accès refusés</source>
        <translation>Access refused</translation>
    </message>
    <message>
        <source>Consultations (recherches, aperçus, listes)</source>
        <translation>Consultations (searches, previews, lists)</translation>
    </message>
    <message>
        <source>Procurations établies</source>
        <translation>Proxies established</translation>
    </message>
    <message>
        <source>Résiliations</source>
        <translation>Revocations</translation>
    </message>
    <message>
        <source>Impressions de récépissés</source>
        <translation>Receipts printed</translation>
    </message>
    <message>
        <source>Décisions du superviseur</source>
        <translation>Supervisor&apos;s decisions</translation>
    </message>
    <message>
        <source>Renouvellements (passeport, vote par internet)</source>
        <translation>Renewals (passport, internet voting)</translation>
    </message>
    <message>
        <source>Comptes des agents</source>
        <translation>Agents&apos; accounts</translation>
    </message>
    <message>
        <source>Exports, rapports, synchronisation et purges</source>
        <translation>Exports, reports, synchronisation and purges</translation>
    </message>
    <message>
        <source>Journal d&apos;audit</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Qui a fait quoi, quand, sur quel acte, à ce poste : les événements les plus récents d&apos;abord. Chaque consultation du journal y est elle-même inscrite.</source>
        <translation>Who did what, when, on which act, at this station: the most recent events first. Each consultation of the log is itself recorded in it.</translation>
    </message>
    <message>
        <source>Vérification du chaînage du journal…</source>
        <translation>Checking the log&apos;s chain…</translation>
    </message>
    <message>
        <source>Tous les agents</source>
        <translation>All agents</translation>
    </message>
    <message>
        <source>Toutes les actions</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>ex. GCH-75056-01-2026-000123</source>
        <translation>e.g. GCH-75056-01-2026-000123</translation>
    </message>
    <message>
        <source>&amp;Agent</source>
        <translation>&amp;Agent</translation>
    </message>
    <message>
        <source>&amp;Du</source>
        <translation>Fro&amp;m</translation>
    </message>
    <message>
        <source>A&amp;u</source>
        <translation>&amp;To</translation>
    </message>
    <message>
        <source>&amp;Nature de l&apos;action</source>
        <translation>&amp;Kind of action</translation>
    </message>
    <message>
        <source>N° de récépissé ou &amp;identifiant</source>
        <translation>Receipt no. or &amp;identifier</translation>
    </message>
    <message>
        <source>Du (début de la période, jour du poste)</source>
        <translation>From (start of the period, station&apos;s day)</translation>
    </message>
    <message>
        <source>Au (fin de la période, incluse)</source>
        <translation>To (end of the period, included)</translation>
    </message>
    <message>
        <source>&amp;Rechercher</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>&amp;Effacer les filtres</source>
        <translation>&amp;Clear the filters</translation>
    </message>
    <message>
        <source>Événements du journal d&apos;audit</source>
        <translation>Audit log events</translation>
    </message>
    <message>
        <source>{name} ({login})</source>
        <translation>{name} ({login})</translation>
    </message>
    <message>
        <source>{agent} — compte inactif</source>
        <translation>{agent} — inactive account</translation>
    </message>
    <message>
        <source>La fin de la période précède son début.</source>
        <translation>The end of the period is before its start.</translation>
    </message>
    <message>
        <source>Recherche dans le journal…</source>
        <translation>Searching the log…</translation>
    </message>
    <message numerus="yes">
        <source>Les %n événements les plus récents sont affichés ; d&apos;autres correspondent : affinez la recherche (agent, période, nature de l&apos;action).</source>
        <translation>
            <numerusform>The most recent event is shown; others match: narrow the search (agent, period, kind of action).</numerusform>
            <numerusform>The %n most recent events are shown; others match: narrow the search (agent, period, kind of action).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n événement(s) trouvé(s), le plus récent en premier.</source>
        <translation>
            <numerusform>%n event found.</numerusform>
            <numerusform>%n events found, the most recent first.</numerusform>
        </translation>
    </message>
    <message>
        <source>Aucun événement ne correspond à ces filtres.</source>
        <translation>No event matches these filters.</translation>
    </message>
</context>
<context>
    <name>LastResort</name>
    <message>
        <source>Guichet</source>
        <translation>Guichet</translation>
    </message>
</context>
<context>
    <name>LineChart</name>
    <message>
        <source> ; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>{label} : {value}</source>
        <translation>{label}: {value}</translation>
    </message>
    <message>
        <source>Dernier jour : {values}</source>
        <translation>Last day: {values}</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Session verrouillée</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <source>Mot de passe</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;Mot de passe</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Déverrouiller</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Changer d&apos;agent</source>
        <translation>Switch agent</translation>
    </message>
    <message>
        <source>Vérification…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Connexion — Guichet</source>
        <translation>Login — Guichet</translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Mot de passe</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Se connecter</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Mot de passe oublié ?</source>
        <translation>Forgotten password?</translation>
    </message>
    <message>
        <source>Saisissez votre identifiant et votre mot de passe.</source>
        <translation>Enter your username and password.</translation>
    </message>
    <message>
        <source>Vérification…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Préparation de la connexion…</source>
        <translation>Preparing the login…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Guichet — procurations et renouvellements</source>
        <translation>Guichet — proxies and renewals</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Guichet</source>
        <translation>Guichet</translation>
    </message>
    <message>
        <source>Raccourci : Ctrl+{n}</source>
        <translation>Shortcut: Ctrl+{n}</translation>
    </message>
    <message>
        <source>{screen} — {app}</source>
        <translation>{screen} — {app}</translation>
    </message>
    <message>
        <source>● Répertoire central non configuré</source>
        <translation>● Central register not configured</translation>
    </message>
    <message>
        <source>Connexion…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>● Répertoire central lent à répondre (dernier échange à {t})</source>
        <translation>● Central register slow to answer (last exchange at {t})</translation>
    </message>
    <message>
        <source>● Répertoire central lent à répondre</source>
        <translation>● Central register slow to answer</translation>
    </message>
    <message>
        <source>● Répertoire central indisponible (dernier échange réussi à {t})</source>
        <translation>● Central register unavailable (last successful exchange at {t})</translation>
    </message>
    <message>
        <source>● Répertoire central indisponible</source>
        <translation>● Central register unavailable</translation>
    </message>
    <message>
        <source>● En ligne (dernier échange à {t})</source>
        <translation>● Online (last exchange at {t})</translation>
    </message>
    <message>
        <source>● En ligne</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>● Hors ligne (dernier échange réussi à {t})</source>
        <translation>● Offline (last successful exchange at {t})</translation>
    </message>
    <message>
        <source>● Hors ligne</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <source>● Pas de synchronisation depuis trop longtemps : vérifiez la connexion</source>
        <translation>● No synchronisation for too long: check the connection</translation>
    </message>
    <message>
        <source>Ouverture de la base…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>{n} en attente de synchronisation</source>
        <translation>{n} awaiting synchronisation</translation>
    </message>
    <message>
        <source>Tout est synchronisé</source>
        <translation>Everything is synchronised</translation>
    </message>
    <message>
        <source>Lecteur : vérification…</source>
        <translation>Reader: checking…</translation>
    </message>
    <message>
        <source>Imprimante : vérification…</source>
        <translation>Printer: checking…</translation>
    </message>
    <message>
        <source>Lecteur : {s}</source>
        <translation>Reader: {s}</translation>
    </message>
    <message>
        <source>Imprimante : {s}</source>
        <translation>Printer: {s}</translation>
    </message>
</context>
<context>
    <name>MandatairePanel</name>
    <message>
        <source>Aucun de ces liens</source>
        <translation>None of these relations</translation>
    </message>
    <message>
        <source>Mandataire judiciaire à sa protection</source>
        <translation>Court-appointed representative for their protection</translation>
    </message>
    <message>
        <source>Établissement ou service qui le prend en charge (dirigeant, salarié, bénévole)</source>
        <translation>Establishment or service that takes charge of them (manager, employee, volunteer)</translation>
    </message>
    <message>
        <source>Salarié qui lui rend des services à domicile</source>
        <translation>Employee providing home services to them</translation>
    </message>
    <message>
        <source>8 ou 9 chiffres</source>
        <translation>8 or 9 digits</translation>
    </message>
    <message>
        <source>commune ou consulat où il vote</source>
        <translation>municipality or consulate where they vote</translation>
    </message>
    <message>
        <source>NNE du &amp;mandataire</source>
        <translation>Proxy holder&apos;s NNE (&amp;M)</translation>
    </message>
    <message>
        <source>Date de naissance du manda&amp;taire</source>
        <translation>Proxy holder&apos;s date of bir&amp;th</translation>
    </message>
    <message>
        <source>Nom du mandatair&amp;e</source>
        <translation>Proxy holder&apos;s surnam&amp;e</translation>
    </message>
    <message>
        <source>Prénom&amp;s du mandataire</source>
        <translation>Proxy holder&apos;s given name&amp;s</translation>
    </message>
    <message>
        <source>Comm&amp;une d&apos;inscription</source>
        <translation>M&amp;unicipality of registration</translation>
    </message>
    <message>
        <source>Adresse (Nouvelle-Calédonie)</source>
        <translation>Address (New Caledonia)</translation>
    </message>
    <message>
        <source>Liste du mandataire</source>
        <translation>Proxy holder&apos;s list</translation>
    </message>
    <message>
        <source>Électeur inscrit en Nouvelle-Calédonie : formulaire NC, le mandataire est identifié par son nom, ses prénoms, sa date de naissance, son adresse et sa commune.</source>
        <translation>Voter registered in New Caledonia: NC form; the proxy holder is identified by surname, given names, date of birth, address and municipality.</translation>
    </message>
    <message>
        <source>Mandant placé sous tutelle (majeur protégé)</source>
        <translation>Principal under guardianship (protected adult)</translation>
    </message>
    <message>
        <source>Le mandataire est, pour le mandant</source>
        <translation>To the principal, the proxy holder is</translation>
    </message>
    <message>
        <source>Un majeur protégé ne peut pas désigner le mandataire judiciaire à sa protection, ni une personne de l&apos;établissement ou du service qui le prend en charge, ni un salarié qui lui rend des services à domicile (R-ELIG-1).</source>
        <translation>A protected adult may not designate the court-appointed representative for their protection, nor a person of the establishment or service that takes charge of them, nor an employee providing home services to them (R-ELIG-1).</translation>
    </message>
</context>
<context>
    <name>NationalLookups</name>
    <message>
        <source>Mandant</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Mandataire</source>
        <translation>Proxy holder</translation>
    </message>
    <message>
        <source>consultation du répertoire central…</source>
        <translation>asking the central register…</translation>
    </message>
    <message numerus="yes">
        <source>%n procuration(s) en vigueur connue(s) du répertoire central.</source>
        <translation>
            <numerusform>%n proxy in force known to the central register.</numerusform>
            <numerusform>%n proxies in force known to the central register.</numerusform>
        </translation>
    </message>
    <message>
        <source>aucune procuration en vigueur au répertoire central.</source>
        <translation>no proxy in force at the central register.</translation>
    </message>
    <message>
        <source>{who} : {text}</source>
        <translation>{who}: {text}</translation>
    </message>
</context>
<context>
    <name>NewCaseForm</name>
    <message>
        <source>Passeport perdu ou volé</source>
        <translation>Passport lost or stolen</translation>
    </message>
    <message>
        <source>Changement de nom ou de prénom</source>
        <translation>Change of surname or given name</translation>
    </message>
    <message>
        <source>Demande d&apos;un second passeport</source>
        <translation>Application for a second passport</translation>
    </message>
    <message>
        <source>Passeport déjà renouvelé à distance</source>
        <translation>Passport already renewed remotely</translation>
    </message>
    <message>
        <source>Empreintes impossibles à relever pour le précédent passeport</source>
        <translation>Fingerprints could not be taken for the previous passport</translation>
    </message>
    <message>
        <source>Renouvellement conjoint de la carte d&apos;identité</source>
        <translation>Joint renewal of the identity card</translation>
    </message>
    <message>
        <source>Nouveau dossier de renouvellement</source>
        <translation>New renewal case</translation>
    </message>
    <message>
        <source>Le demandeur a déposé sa demande sur service-public.fr (étapes 1 et 2). Vérifiez son éligibilité avant d&apos;ouvrir le dossier.</source>
        <translation>The applicant has filed the application on service-public.fr (steps 1 and 2). Check eligibility before opening the case.</translation>
    </message>
    <message>
        <source>— choisissez le pays —</source>
        <translation>— choose the country —</translation>
    </message>
    <message>
        <source>N&amp;om de naissance</source>
        <translation>Birth s&amp;urname</translation>
    </message>
    <message>
        <source>&amp;Prénoms</source>
        <translation>&amp;Given names</translation>
    </message>
    <message>
        <source>Da&amp;te de naissance</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <source>NU&amp;MIC</source>
        <translation>NU&amp;MIC</translation>
    </message>
    <message>
        <source>Pa&amp;ys de résidence</source>
        <translation>Countr&amp;y of residence</translation>
    </message>
    <message>
        <source>N° du passeport à &amp;renouveler</source>
        <translation>No. of the passport to &amp;renew</translation>
    </message>
    <message>
        <source>Dé&amp;livré le</source>
        <translation>Is&amp;sued on</translation>
    </message>
    <message>
        <source>&amp;Expire le</source>
        <translation>&amp;Expires on</translation>
    </message>
    <message>
        <source>Inscrit au Registre des Français établis hors de France</source>
        <translation>Registered in the Register of French nationals abroad</translation>
    </message>
    <message>
        <source>A le passeport en main</source>
        <translation>Has the passport in hand</translation>
    </message>
    <message>
        <source>Situations qui excluent le renouvellement à distance</source>
        <translation>Situations that rule out remote renewal</translation>
    </message>
    <message>
        <source>Le précédent renouvellement a échoué par erreur administrative</source>
        <translation>The previous renewal failed through an administrative error</translation>
    </message>
    <message>
        <source>&amp;Vérifier et ouvrir le dossier</source>
        <translation>&amp;Check and open the case</translation>
    </message>
    <message>
        <source>Saisissez le nom et les prénoms du demandeur.</source>
        <translation>Enter the applicant&apos;s surname and given names.</translation>
    </message>
    <message>
        <source>Choisissez le pays de résidence.</source>
        <translation>Choose the country of residence.</translation>
    </message>
    <message>
        <source>Date incomplète ou invalide : JJ/MM/AAAA (ex. 15011990).</source>
        <translation>Incomplete or invalid date: DD/MM/YYYY (e.g. 15011990).</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>Nouveau mot de passe</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Le mot de passe affiché a été généré pour vous et offre une sécurité très forte : vous pouvez le garder tel quel ou le remplacer par une phrase de passe plus facile à retenir.</source>
        <translation>The password shown was generated for you and is very strong: you may keep it as it is or replace it with a passphrase that is easier to remember.</translation>
    </message>
    <message>
        <source>Générer un autre</source>
        <translation>Generate another</translation>
    </message>
    <message>
        <source>Enregistrer le mot de passe</source>
        <translation>Save the password</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>OsSessionLock</name>
    <message>
        <source>non surveillé</source>
        <translation>not watched</translation>
    </message>
    <message>
        <source>simulé</source>
        <translation>simulated</translation>
    </message>
    <message>
        <source>session du système (logind)</source>
        <translation>system session (logind)</translation>
    </message>
    <message>
        <source>session Windows (notification de session)</source>
        <translation>Windows session (session notification)</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Tableau</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>{table} : titres des colonnes</source>
        <translation>{table}: column headers</translation>
    </message>
    <message>
        <source>{table} : titres des lignes</source>
        <translation>{table}: row headers</translation>
    </message>
</context>
<context>
    <name>PassportPanel</name>
    <message>
        <source>Dossier</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Demandeur</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Étape</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Renvoi avant le</source>
        <translation>Return by</translation>
    </message>
    <message>
        <source>Rechercher : n° de dossier ou nom</source>
        <translation>Search: case no. or name</translation>
    </message>
    <message>
        <source>Rechercher un dossier de passeport</source>
        <translation>Search for a passport case</translation>
    </message>
    <message>
        <source>N° de dossier ou nom, puis Entrée (Ctrl+F)</source>
        <translation>Case number or name, then Enter (Ctrl+F)</translation>
    </message>
    <message>
        <source>Nouveau dossier (Alt+N)</source>
        <translation>New case (Alt+N)</translation>
    </message>
    <message>
        <source>Dossiers de passeport</source>
        <translation>Passport cases</translation>
    </message>
</context>
<context>
    <name>PrintLine</name>
    <message>
        <source>Impression du récépissé {0}…</source>
        <translation>Printing receipt {0}…</translation>
    </message>
    <message>
        <source>Impression impossible : {0}</source>
        <translation>Printing impossible: {0}</translation>
    </message>
</context>
<context>
    <name>ProcurationTableModel</name>
    <message>
        <source>Récépissé</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Mandant</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Mandataire</source>
        <translation>Proxy holder</translation>
    </message>
    <message>
        <source>Validité</source>
        <translation>Validity</translation>
    </message>
    <message>
        <source>{status}
Répertoire central</source>
        <translation>{status}
Central register</translation>
    </message>
    <message>
        <source>Résiliée ici
En attente du central</source>
        <translation>Revoked here
Waiting for the central register</translation>
    </message>
    <message>
        <source>Expirée
Validité terminée</source>
        <translation>Expired
Validity over</translation>
    </message>
    <message>
        <source>Provisoire
Reçue par le central</source>
        <translation>Provisional
Received by the central register</translation>
    </message>
    <message>
        <source>Provisoire
En attente du central</source>
        <translation>Provisional
Waiting for the central register</translation>
    </message>
    <message>
        <source>Validée par le central</source>
        <translation>Validated by the central register</translation>
    </message>
    <message>
        <source>Invalidée par le central</source>
        <translation>Invalidated by the central register</translation>
    </message>
    <message>
        <source>Annulée par le central</source>
        <translation>Voided by the central register</translation>
    </message>
</context>
<context>
    <name>ProcurationText</name>
    <message>
        <source>• {receipt} — mandataire : {mandataire} ; validité : {validity} ; statut : {status}.</source>
        <translation>• {receipt} — proxy holder: {mandataire}; validity: {validity}; status: {status}.</translation>
    </message>
    <message>
        <source>procuration du répertoire central</source>
        <translation>proxy from the central register</translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <source>Duplicata</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Aperçu — {kind} n° {n}</source>
        <translation>Preview — {kind} no. {n}</translation>
    </message>
    <message>
        <source>Aperçu du récépissé</source>
        <translation>Receipt preview</translation>
    </message>
    <message>
        <source>Imprimer (Entrée)</source>
        <translation>Print (Enter)</translation>
    </message>
    <message>
        <source>Fermer (Échap)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>RefusedModel</name>
    <message>
        <source>Acte</source>
        <translation>Act</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Règle</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Que faire</source>
        <translation>What to do</translation>
    </message>
</context>
<context>
    <name>RenewalsPage</name>
    <message>
        <source>Renouvellements</source>
        <translation>Renewals</translation>
    </message>
    <message>
        <source>Renouvellement de passeport à distance et identifiants de vote par internet.</source>
        <translation>Remote passport renewal and internet voting credentials.</translation>
    </message>
    <message>
        <source>Passeport à distance</source>
        <translation>Remote passport</translation>
    </message>
    <message>
        <source>Passeport</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>Échéances du jour</source>
        <translation>Today&apos;s deadlines</translation>
    </message>
    <message>
        <source>Échéances</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <source>Identifiants de vote par internet</source>
        <translation>Internet voting credentials</translation>
    </message>
    <message>
        <source>Vote internet</source>
        <translation>Internet voting</translation>
    </message>
    <message>
        <source>Les renouvellements de passeport à distance et les identifiants de vote par internet sont traités par les consulats et les ambassades : ce poste n&apos;en traite pas.</source>
        <translation>Remote passport renewals and internet voting credentials are handled by consulates and embassies: this station does not handle them.</translation>
    </message>
</context>
<context>
    <name>RequestFetching</name>
    <message>
        <source>Recherche de la demande…</source>
        <translation>Looking up the request…</translation>
    </message>
    <message>
        <source>La demande n&apos;a pas pu être récupérée : saisissez-la en entier.</source>
        <translation>The request could not be retrieved: enter it in full.</translation>
    </message>
</context>
<context>
    <name>ResultBanner</name>
    <message>
        <source>Imprimer le récépissé (Ctrl+P)</source>
        <translation>Print the receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>Aperçu (Ctrl+Maj+P)</source>
        <translation>Preview (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Imprimer plus tard (Ctrl+D)</source>
        <translation>Print later (Ctrl+D)</translation>
    </message>
    <message>
        <source>Réimprimer (duplicata, Ctrl+P)</source>
        <translation>Reprint (duplicate, Ctrl+P)</translation>
    </message>
    <message>
        <source>Réimprimer le récépissé du mandant {who} (duplicata, Ctrl+P)</source>
        <translation>Reprint the receipt of principal {who} (duplicate, Ctrl+P)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Mandant</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Identité du mandant</source>
        <translation>Principal&apos;s identity</translation>
    </message>
    <message>
        <source>Mandataire</source>
        <translation>Proxy holder</translation>
    </message>
    <message>
        <source>Validité</source>
        <translation>Validity</translation>
    </message>
    <message>
        <source>Scrutins couverts</source>
        <translation>Elections covered</translation>
    </message>
    <message>
        <source>Canal</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Lieu</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Autorité</source>
        <translation>Authority</translation>
    </message>
    <message>
        <source>Déplacement</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <source>Majeur protégé</source>
        <translation>Protected adult</translation>
    </message>
    <message>
        <source>Avertissements signalés</source>
        <translation>Warnings given</translation>
    </message>
    <message>
        <source>Vérifier la procuration avant de l&apos;enregistrer</source>
        <translation>Check the proxy before saving it</translation>
    </message>
    <message>
        <source>Relisez avec le mandant. Entrée enregistre et imprime le récépissé ; Échap revient au formulaire.</source>
        <translation>Read it through with the principal. Enter saves and prints the receipt; Esc returns to the form.</translation>
    </message>
    <message>
        <source>Récapitulatif de la procuration</source>
        <translation>Proxy summary</translation>
    </message>
    <message>
        <source>Confirmer, enregistrer et imprimer (Entrée)</source>
        <translation>Confirm, save and print (Enter)</translation>
    </message>
    <message>
        <source>Modifier (Échap)</source>
        <translation>Edit (Esc)</translation>
    </message>
</context>
<context>
    <name>RevokePage</name>
    <message>
        <source>Résilier les procurations d&apos;un mandant</source>
        <translation>Revoke a principal&apos;s proxies</translation>
    </message>
    <message>
        <source>La résiliation porte sur toutes les procurations en cours du mandant : on ne résilie jamais une seule procuration.</source>
        <translation>A revocation covers all of the principal&apos;s proxies in force: a single proxy is never revoked on its own.</translation>
    </message>
    <message>
        <source>NNE ou début du nom du mandant</source>
        <translation>NNE or start of the principal&apos;s surname</translation>
    </message>
    <message>
        <source>Chercher (Entrée)</source>
        <translation>Search (Enter)</translation>
    </message>
    <message>
        <source>6 chiffres</source>
        <translation>6 digits</translation>
    </message>
    <message>
        <source>&amp;Mandant</source>
        <translation>&amp;Principal</translation>
    </message>
    <message>
        <source>Date de &amp;naissance</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <source>CAN (F2 : lire la carte)</source>
        <translation>CAN (F2: read the card)</translation>
    </message>
    <message>
        <source>Mandants &amp;trouvés</source>
        <translation>Principals f&amp;ound</translation>
    </message>
    <message>
        <source>Procurations du mandant</source>
        <translation>The principal&apos;s proxies</translation>
    </message>
    <message>
        <source>8 ou 9 chiffres</source>
        <translation>8 or 9 digits</translation>
    </message>
    <message>
        <source>Nom (pièce d&apos;identité)</source>
        <translation>Surname (identity document)</translation>
    </message>
    <message>
        <source>Prénoms</source>
        <translation>Given names</translation>
    </message>
    <message>
        <source>NNE du mandant</source>
        <translation>Principal&apos;s NNE</translation>
    </message>
    <message>
        <source>référence reçue par courriel (Maprocuration)</source>
        <translation>Maprocuration ref. (by email)</translation>
    </message>
    <message>
        <source>&amp;Formulaire de résiliation</source>
        <translation>Revocation &amp;form</translation>
    </message>
    <message>
        <source>&amp;Référence</source>
        <translation>&amp;Reference</translation>
    </message>
    <message>
        <source>Résilier toutes ses procurations (Ctrl+Entrée)</source>
        <translation>Revoke all their proxies (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Aucun lecteur de carte : saisissez le NNE ou le nom du mandant.</source>
        <translation>No card reader: enter the principal&apos;s NNE or surname.</translation>
    </message>
    <message>
        <source>Lecture de la puce…</source>
        <translation>Reading the chip…</translation>
    </message>
    <message>
        <source>Carte non lue : {reason}</source>
        <translation>Card not read: {reason}</translation>
    </message>
    <message>
        <source>La lecture de la carte a échoué : recommencez ou saisissez le mandant.</source>
        <translation>The card could not be read: try again or enter the principal.</translation>
    </message>
    <message>
        <source>Carte lue : {name} — identité vérifiée par la puce.</source>
        <translation>Card read: {name} — identity verified by the chip.</translation>
    </message>
    <message numerus="yes">
        <source>%n procuration(s) en cours</source>
        <translation>
            <numerusform>%n proxy in force</numerusform>
            <numerusform>%n proxies in force</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} — né(e) le {date} — {count}</source>
        <translation>{name} — born {date} — {count}</translation>
    </message>
    <message numerus="yes">
        <source>%n mandant(s) trouvé(s) sur ce poste.</source>
        <translation>
            <numerusform>%n principal found at this station.</numerusform>
            <numerusform>%n principals found at this station.</numerusform>
        </translation>
    </message>
    <message>
        <source>Aucun mandant trouvé sur ce poste avec ces critères.</source>
        <translation>No principal found at this station with these criteria.</translation>
    </message>
    <message>
        <source>{name} — au répertoire central (autres postes) — {count}</source>
        <translation>{name} — in the central register (other stations) — {count}</translation>
    </message>
    <message>
        <source>Ces procurations ont été établies à d&apos;autres postes : la résiliation faite ici les résilie toutes au répertoire central. Vérifiez l&apos;identité du mandant (carte d&apos;identité).</source>
        <translation>These proxies were established at other stations: the revocation made here revokes them all in the central register. Check the principal&apos;s identity (identity card).</translation>
    </message>
    <message numerus="yes">
        <source>Seront résiliées ensemble : %n procuration(s) en cours</source>
        <translation>
            <numerusform>To be revoked: %n proxy in force</numerusform>
            <numerusform>To be revoked together: %n proxies in force</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Confirmer la résiliation de %n procuration(s) (Ctrl+Entrée)</source>
        <translation>
            <numerusform>Confirm the revocation of the proxy (Ctrl+Enter)</numerusform>
            <numerusform>Confirm the revocation of the %n proxies (Ctrl+Enter)</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirmez : toutes les procurations en cours de ce mandant seront résiliées. Échap pour annuler.</source>
        <translation>Confirm: all of this principal&apos;s proxies in force will be revoked. Esc to cancel.</translation>
    </message>
    <message>
        <source>Résiliation en cours…</source>
        <translation>Revoking…</translation>
    </message>
    <message>
        <source>Résiliation non enregistrée.</source>
        <translation>Revocation not saved.</translation>
    </message>
    <message numerus="yes">
        <source>%n procuration(s) résiliée(s), récépissé n° {number} — résiliation provisoire jusqu&apos;à la confirmation du répertoire central. Impression…</source>
        <translation>
            <numerusform>%n proxy revoked, receipt no. {number} — provisional revocation until the central register confirms it. Printing…</numerusform>
            <numerusform>%n proxies revoked, receipt no. {number} — provisional revocation until the central register confirms it. Printing…</numerusform>
        </translation>
    </message>
    <message>
        <source>Récépissé imprimé.</source>
        <translation>Receipt printed.</translation>
    </message>
    <message>
        <source>Récépissé non imprimé : {reason}</source>
        <translation>Receipt not printed: {reason}</translation>
    </message>
    <message>
        <source>Résiliation enregistrée, récépissé n° {number} (provisoire : en attente de la confirmation du répertoire central). {tail}</source>
        <translation>Revocation saved, receipt no. {number} (provisional: awaiting confirmation by the central register). {tail}</translation>
    </message>
    <message>
        <source>Résiliation annulée.</source>
        <translation>Revocation cancelled.</translation>
    </message>
    <message>
        <source>Appuyez de nouveau sur Échap pour effacer la recherche.</source>
        <translation>Press Esc again to clear the search.</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <source>{rule} : {message}</source>
        <translation>{rule}: {message}</translation>
    </message>
</context>
<context>
    <name>RulesModel</name>
    <message>
        <source>Règle</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Refus à l&apos;arrivée</source>
        <translation>Refused on arrival</translation>
    </message>
    <message>
        <source>Invalidées ensuite</source>
        <translation>Invalidated later</translation>
    </message>
</context>
<context>
    <name>SaveAndPrint</name>
    <message>
        <source>Récupération de la demande Maprocuration en cours : vérifiez le formulaire qu&apos;elle remplit, puis Entrée.</source>
        <translation>Fetching the Maprocuration request: check the form it fills in, then press Enter.</translation>
    </message>
    <message>
        <source>Consultation du répertoire central en cours : la vérification suivra dès sa réponse.</source>
        <translation>Asking the central register: the check will follow as soon as it answers.</translation>
    </message>
    <message>
        <source>Vérification…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Procuration non enregistrée : corrigez les champs signalés (rien n&apos;a été effacé).</source>
        <translation>Proxy not saved: correct the flagged fields (nothing has been cleared).</translation>
    </message>
    <message>
        <source>Rien n&apos;est enregistré : modifiez le formulaire, puis Entrée pour vérifier à nouveau.</source>
        <translation>Nothing is saved: edit the form, then Enter to check again.</translation>
    </message>
    <message>
        <source>Enregistrement de la procuration…</source>
        <translation>Saving the proxy…</translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Procuration non enregistrée. {reason}</source>
        <translation>Proxy not saved. {reason}</translation>
    </message>
    <message>
        <source>Procuration enregistrée, récépissé n° {number} — statut provisoire, en attente du répertoire central. Impression…</source>
        <translation>Proxy saved, receipt no. {number} — provisional status, awaiting the central register. Printing…</translation>
    </message>
    <message>
        <source>Aucun récépissé à imprimer ici : celui d&apos;une procuration s&apos;imprime à son enregistrement. Le duplicata d&apos;un citoyen précédent se réimprime depuis « Activité du jour » (Ctrl+4).</source>
        <translation>No receipt to print here: a proxy&apos;s receipt prints when it is saved. A previous citizen&apos;s duplicate is reprinted from “Today&apos;s activity” (Ctrl+4).</translation>
    </message>
    <message>
        <source>Impression du récépissé n° {number}…</source>
        <translation>Printing receipt no. {number}…</translation>
    </message>
    <message>
        <source>Récépissé n° {number} à imprimer : il attend dans « Activité du jour ». Prêt pour le citoyen suivant.</source>
        <translation>Receipt no. {number} to print: it is waiting in “Today&apos;s activity”. Ready for the next citizen.</translation>
    </message>
    <message>
        <source>Récépissé introuvable sur ce poste.</source>
        <translation>Receipt not found at this station.</translation>
    </message>
    <message>
        <source>Imprimer (Entrée)</source>
        <translation>Print (Enter)</translation>
    </message>
    <message>
        <source>Réimprimer le duplicata (Entrée)</source>
        <translation>Reprint the duplicate (Enter)</translation>
    </message>
    <message>
        <source>Procuration enregistrée, récépissé n° {number} NON IMPRIMÉ : {reason} Sinon, « Imprimer plus tard » (Ctrl+D).</source>
        <translation>Proxy saved, receipt no. {number} NOT PRINTED: {reason} Otherwise, “Print later” (Ctrl+D).</translation>
    </message>
    <message>
        <source>Procuration du mandant {who} enregistrée, récépissé n° {number} (provisoire, en attente du répertoire central). {printed} Prêt pour le citoyen suivant.</source>
        <translation>Proxy of principal {who} saved, receipt no. {number} (provisional, waiting for the central register). {printed} Ready for the next citizen.</translation>
    </message>
    <message>
        <source>Récépissé n° {number} non imprimé : {reason}</source>
        <translation>Receipt no. {number} not printed: {reason}</translation>
    </message>
    <message>
        <source>Duplicata imprimé.</source>
        <translation>Duplicate printed.</translation>
    </message>
    <message>
        <source>Récépissé imprimé.</source>
        <translation>Receipt printed.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Rechercher une procuration</source>
        <translation>Search for a proxy</translation>
    </message>
    <message>
        <source>NNE, début du nom (sans accents ni majuscules), numéro de récépissé ou référence Maprocuration. Le répertoire central est interrogé aussi avec le NNE, ou le nom suivi des prénoms (ex. « dubois jean » ; un nom de plusieurs mots en capitales ou suivi d&apos;une virgule : « DA SILVA Ana », « da silva, ana »), et la date de naissance.</source>
        <translation>NNE, start of the surname (no accents or capitals needed), receipt number or Maprocuration reference. The central register is also asked with the NNE, or the surname followed by the given names (e.g. “dubois jean”; a surname of several words in capitals or followed by a comma: “DA SILVA Ana”, “da silva, ana”), and the date of birth.</translation>
    </message>
    <message>
        <source>ex. 204512873, mart, GCH-75056-01-2026-000001, K7M2QX</source>
        <translation>e.g. 204512873, mart, GCH-75056-01-2026-000001, K7M2QX</translation>
    </message>
    <message>
        <source>Rechercher (Entrée)</source>
        <translation>Search (Enter)</translation>
    </message>
    <message>
        <source>&amp;Rechercher</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>Date de &amp;naissance (facultative)</source>
        <translation>Date of &amp;birth (optional)</translation>
    </message>
    <message>
        <source>Tapez un critère puis Entrée.</source>
        <translation>Type a criterion, then Enter.</translation>
    </message>
    <message>
        <source>Résultats de la recherche</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>Historique des statuts</source>
        <translation>Status history</translation>
    </message>
    <message>
        <source>Imprimer le récépissé (Ctrl+P)</source>
        <translation>Print the receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>Recherche…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>La recherche a échoué : réessayez. {reason}</source>
        <translation>The search failed: try again. {reason}</translation>
    </message>
    <message numerus="yes">
        <source>%n résultat(s) sur ce poste.</source>
        <translation>
            <numerusform>%n result at this station.</numerusform>
            <numerusform>%n results at this station.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tapez un NNE, un début de nom, un numéro de récépissé ou une référence.</source>
        <translation>Type an NNE, the start of a surname, a receipt number or a reference.</translation>
    </message>
    <message>
        <source>L&apos;historique n&apos;a pas pu être lu : sélectionnez de nouveau la ligne. {reason}</source>
        <translation>The history could not be read: select the row again. {reason}</translation>
    </message>
    <message>
        <source>Duplicata du récépissé</source>
        <translation>Duplicate receipt</translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>{what} {number} imprimé.</source>
        <translation>{what} {number} printed.</translation>
    </message>
</context>
<context>
    <name>SessionFlow</name>
    <message>
        <source>Création du compte administrateur…</source>
        <translation>Creating the administrator&apos;s account…</translation>
    </message>
    <message>
        <source>Choisissez votre mot de passe</source>
        <translation>Choose your password</translation>
    </message>
    <message>
        <source>Enregistrement du mot de passe…</source>
        <translation>Saving the password…</translation>
    </message>
    <message>
        <source>Guichet</source>
        <translation>Guichet</translation>
    </message>
    <message>
        <source>Saisissez d&apos;abord votre identifiant.</source>
        <translation>First enter your username.</translation>
    </message>
    <message>
        <source>Demande du code au répertoire central…</source>
        <translation>Asking the central register for the code…</translation>
    </message>
    <message>
        <source>Code de réinitialisation</source>
        <translation>Reset code</translation>
    </message>
    <message>
        <source>Saisissez le code reçu par courriel (valable 15 minutes) :</source>
        <translation>Enter the code received by email (valid for 15 minutes):</translation>
    </message>
    <message>
        <source>Changement du mot de passe…</source>
        <translation>Changing the password…</translation>
    </message>
    <message>
        <source>Mot de passe changé : connectez-vous avec le nouveau.</source>
        <translation>Password changed: log in with the new one.</translation>
    </message>
    <message>
        <source>Session expirée : saisissez à nouveau votre mot de passe</source>
        <translation>Session expired: enter your password again</translation>
    </message>
    <message>
        <source>Session verrouillée</source>
        <translation>Session locked</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>Décision d&apos;un superviseur</source>
        <translation>Supervisor&apos;s decision</translation>
    </message>
    <message>
        <source>Les textes renvoient ce cas à un superviseur : l&apos;acte attend sa décision.</source>
        <translation>The regulations refer this case to a supervisor: the act awaits their decision.</translation>
    </message>
    <message>
        <source>&amp;Accepter</source>
        <translation>&amp;Accept</translation>
    </message>
    <message>
        <source>Re&amp;fuser</source>
        <translation>Re&amp;fuse</translation>
    </message>
    <message>
        <source>Motif de la décision (obligatoire)</source>
        <translation>Reason for the decision (required)</translation>
    </message>
    <message>
        <source>&amp;Identifiant du superviseur</source>
        <translation>Supervisor&apos;s &amp;username</translation>
    </message>
    <message>
        <source>&amp;Mot de passe du superviseur</source>
        <translation>Supervisor&apos;s &amp;password</translation>
    </message>
    <message>
        <source>M&amp;otif</source>
        <translation>Reas&amp;on</translation>
    </message>
    <message>
        <source>Décider (superviseur présent)</source>
        <translation>Decide (supervisor present)</translation>
    </message>
    <message>
        <source>Envoyer dans la liste « à décider »</source>
        <translation>Send to the “to decide” list</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cet acte attend la décision d&apos;un superviseur (rien n&apos;a été effacé).</source>
        <translation>This act awaits a supervisor&apos;s decision (nothing has been cleared).</translation>
    </message>
    <message>
        <source>Acte envoyé dans la liste « À décider » (Ctrl+0) : un superviseur le décidera.</source>
        <translation>Act sent to the “To decide” list (Ctrl+0): a supervisor will decide on it.</translation>
    </message>
    <message>
        <source>Annulé : l&apos;acte n&apos;est pas établi. La décision du superviseur est enregistrée : l&apos;acte attend dans la liste « À décider » (Ctrl+0), d&apos;où il peut être établi.</source>
        <translation>Cancelled: the act is not established. The supervisor&apos;s decision is recorded: the act waits in the “To decide” list (Ctrl+0), from where it can be established.</translation>
    </message>
    <message>
        <source>Le superviseur a refusé l&apos;acte : la procuration n&apos;est pas enregistrée.</source>
        <translation>The supervisor refused the act: the proxy is not saved.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>moins d&apos;une minute</source>
        <translation>less than a minute</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} h {minutes}</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{days} {hours} h</source>
        <translation>{days} {hours} h</translation>
    </message>
    <message>
        <source> (invalidée après coup)</source>
        <translation> (invalidated afterwards)</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Les procurations et demandes enregistrées ici sont transmises au répertoire central dès que le réseau le permet. Rien n&apos;est perdu hors ligne : tout ce qui attend est conservé et renvoyé automatiquement.</source>
        <translation>The proxies and requests saved here are sent to the central register as soon as the network allows. Nothing is lost offline: everything waiting is kept and sent again automatically.</translation>
    </message>
    <message>
        <source>Aucun répertoire central n&apos;est configuré pour ce poste : les enregistrements restent en attente localement. Réglage : central_url.</source>
        <translation>No central register is configured for this station: records stay pending locally. Setting: central_url.</translation>
    </message>
    <message>
        <source>Connexion</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>En attente d&apos;envoi</source>
        <translation>Awaiting sending</translation>
    </message>
    <message>
        <source>Plus ancienne en attente depuis</source>
        <translation>Oldest waiting for</translation>
    </message>
    <message>
        <source>Dernière synchronisation réussie</source>
        <translation>Last successful synchronisation</translation>
    </message>
    <message>
        <source>Dernier incident</source>
        <translation>Last incident</translation>
    </message>
    <message>
        <source>Ce poste n&apos;a pas pu joindre le répertoire central depuis longtemps. Les procurations établies restent provisoires : prévenez votre responsable si la connexion ne revient pas.</source>
        <translation>This station has not been able to reach the central register for a long time. The proxies established remain provisional: tell your manager if the connection does not come back.</translation>
    </message>
    <message>
        <source>&amp;Synchroniser maintenant</source>
        <translation>&amp;Synchronise now</translation>
    </message>
    <message>
        <source>%v / %m envoyées</source>
        <translation>%v / %m sent</translation>
    </message>
    <message>
        <source>Refusées ou invalidées par le répertoire central</source>
        <translation>Refused or invalidated by the central register</translation>
    </message>
    <message>
        <source>Actes refusés par le répertoire central</source>
        <translation>Acts refused by the central register</translation>
    </message>
    <message>
        <source>Aucun enregistrement refusé.</source>
        <translation>No record refused.</translation>
    </message>
    <message>
        <source>Synchronisation en cours…</source>
        <translation>Synchronising…</translation>
    </message>
    <message>
        <source>Non configurée</source>
        <translation>Not configured</translation>
    </message>
    <message>
        <source>Ouverture de la base…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>En ligne</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Hors ligne</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Tout est envoyé</source>
        <translation>Everything has been sent</translation>
    </message>
    <message numerus="yes">
        <source>%n enregistrement(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message>
        <source>Jamais</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Aucun</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Rien en attente</source>
        <translation>Nothing waiting</translation>
    </message>
    <message numerus="yes">
        <source>%n enregistrement(s) conservé(s) sur ce poste</source>
        <translation>
            <numerusform>%n record kept at this station</numerusform>
            <numerusform>%n records kept at this station</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TextZoom</name>
    <message>
        <source>Taille du texte : {n} %</source>
        <translation>Text size: {n}%</translation>
    </message>
</context>
<context>
    <name>ToDecidePage</name>
    <message>
        <source>À décider</source>
        <translation>To decide</translation>
    </message>
    <message>
        <source>Actes qui attendent la décision d&apos;un superviseur. Le superviseur connecté accepte ou refuse, avec un motif ; un acte accepté reste dans la liste jusqu&apos;à ce qu&apos;un agent l&apos;établisse ici.</source>
        <translation>Acts awaiting a supervisor&apos;s decision. The logged-in supervisor accepts or refuses, giving a reason; an accepted act stays in the list until an agent establishes it here.</translation>
    </message>
    <message>
        <source>Actes à décider</source>
        <translation>Acts to decide</translation>
    </message>
    <message>
        <source>Motif de la décision (obligatoire)</source>
        <translation>Reason for the decision (required)</translation>
    </message>
    <message>
        <source>&amp;Motif</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>&amp;Accepter</source>
        <translation>&amp;Accept</translation>
    </message>
    <message>
        <source>Re&amp;fuser</source>
        <translation>Re&amp;fuse</translation>
    </message>
    <message>
        <source>Établir l&apos;acte accepté</source>
        <translation>Establish the accepted act</translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation>Refresh</translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) à décider</source>
        <translation>
            <numerusform>%n act to decide</numerusform>
            <numerusform>%n acts to decide</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n accepté(s) à établir.</source>
        <translation>
            <numerusform>%n accepted, to establish.</numerusform>
            <numerusform>%n accepted, to establish.</numerusform>
        </translation>
    </message>
    <message>
        <source>Aucun acte à décider.</source>
        <translation>No act to decide.</translation>
    </message>
    <message>
        <source>Décision enregistrée.</source>
        <translation>Decision saved.</translation>
    </message>
    <message>
        <source> L&apos;acte peut être établi.</source>
        <translation> The act can be established.</translation>
    </message>
    <message>
        <source>Acte non enregistré : {reasons}</source>
        <translation>Act not saved: {reasons}</translation>
    </message>
    <message>
        <source>Procuration enregistrée, récépissé n° {number}.</source>
        <translation>Proxy saved, receipt no. {number}.</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message numerus="yes">
        <source>%n jour(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n jour(s) de retard</source>
        <translation>
            <numerusform>%n day late</numerusform>
            <numerusform>%n days late</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ValidityPanel</name>
    <message>
        <source>Les deux tours</source>
        <translation>Both rounds</translation>
    </message>
    <message>
        <source>1er tour seulement</source>
        <translation>1st round only</translation>
    </message>
    <message>
        <source>2d tour seulement</source>
        <translation>2nd round only</translation>
    </message>
    <message>
        <source>Pour un scrutin</source>
        <translation>For one election</translation>
    </message>
    <message>
        <source>Pour une durée</source>
        <translation>For a period</translation>
    </message>
    <message>
        <source> et {date}</source>
        <translation> and {date}</translation>
    </message>
    <message>
        <source>Déplacement à domicile ou en établissement (&amp;H)</source>
        <translation>Home or care-facility visit (&amp;H)</translation>
    </message>
    <message>
        <source>Demande écrite reçue</source>
        <translation>Written request received</translation>
    </message>
    <message>
        <source>Attestation sur l&apos;honneur reçue</source>
        <translation>Sworn statement received</translation>
    </message>
    <message>
        <source>T&amp;ype de validité</source>
        <translation>T&amp;ype of validity</translation>
    </message>
    <message>
        <source>Scrutin (&amp;Q)</source>
        <translation>Election (&amp;Q)</translation>
    </message>
    <message>
        <source>Tours (&amp;W)</source>
        <translation>Rounds (&amp;W)</translation>
    </message>
    <message>
        <source>Du</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Au (inclus)</source>
        <translation>To (inclusive)</translation>
    </message>
</context>
<context>
    <name>VisaRow</name>
    <message>
        <source>Faire viser par l&apos;OPJ…</source>
        <translation>Get the OPJ&apos;s endorsement…</translation>
    </message>
    <message>
        <source>L&apos;OPJ qui vous a désigné se connecte ; le formulaire en cours est conservé</source>
        <translation>The OPJ who designated you signs in; the form in progress is kept</translation>
    </message>
    <message>
        <source>Délégué d&apos;OPJ : vos résiliations n&apos;ont de valeur qu&apos;avec le visa de l&apos;OPJ qui vous a désigné (R-AUTH-3). Faites-le viser avant de résilier.</source>
        <translation>OPJ delegate: your revocations are valid only with the endorsement of the OPJ who designated you (R-AUTH-3). Get it before revoking.</translation>
    </message>
    <message>
        <source>Délégué d&apos;OPJ : vos procurations n&apos;ont de valeur qu&apos;avec le visa de l&apos;OPJ qui vous a désigné (R-AUTH-3). Faites-le viser avant d&apos;enregistrer.</source>
        <translation>OPJ delegate: your proxies are valid only with the endorsement of the OPJ who designated you (R-AUTH-3). Get it before saving.</translation>
    </message>
    <message>
        <source>Visa de l&apos;OPJ : {name}. Les résiliations de cette session le portent (R-AUTH-3).</source>
        <translation>OPJ&apos;s endorsement: {name}. The revocations of this session carry it (R-AUTH-3).</translation>
    </message>
    <message>
        <source>Visa de l&apos;OPJ : {name}. Les procurations de cette session le portent (R-AUTH-3).</source>
        <translation>OPJ&apos;s endorsement: {name}. The proxies of this session carry it (R-AUTH-3).</translation>
    </message>
</context>
<context>
    <name>_Chart</name>
    <message>
        <source>Calcul en cours…</source>
        <translation>Computing…</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Guichet ne peut pas ouvrir la base locale : la clé ne correspond pas ou le fichier est endommagé. Contactez votre administrateur.</source>
        <translation>Guichet cannot open the local database: the key does not match or the file is damaged. Contact your administrator.</translation>
    </message>
    <message>
        <source>Guichet n&apos;a pas pu démarrer : {failure} Référence : {ref}.</source>
        <translation>Guichet could not start: {failure} Reference: {ref}.</translation>
    </message>
    <message>
        <source>Guichet n&apos;a pas pu démarrer ({kind}). Référence : {ref}.</source>
        <translation>Guichet could not start ({kind}). Reference: {ref}.</translation>
    </message>
    <message>
        <source>Poste</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Version de Guichet</source>
        <translation>Guichet version</translation>
    </message>
    <message>
        <source>État</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Ouverture de la base…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>Journal d&apos;audit</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Lecteur de cartes</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>Liste maîtresse CSCA</source>
        <translation>CSCA master list</translation>
    </message>
    <message>
        <source> — autorité de test de la démonstration</source>
        <translation> — the demonstration&apos;s test authority</translation>
    </message>
    <message>
        <source>Imprimante de récépissés</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Carte agent</source>
        <translation>Agent card</translation>
    </message>
    <message>
        <source>Stockage chiffré</source>
        <translation>Encrypted storage</translation>
    </message>
    <message>
        <source>Clé de signature des récépissés</source>
        <translation>Receipt signing key</translation>
    </message>
    <message>
        <source>identifiant {key}</source>
        <translation>key ID {key}</translation>
    </message>
    <message>
        <source>Dossier des données</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Répertoire central</source>
        <translation>Central register</translation>
    </message>
    <message>
        <source>local (démonstration)</source>
        <translation>local (demonstration)</translation>
    </message>
    <message>
        <source>non configuré</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>{state} — {reader} (la retirer verrouille la session)</source>
        <translation>{state} — {reader} (removing it locks the session)</translation>
    </message>
    <message>
        <source>Établir une procuration</source>
        <translation>Establish a proxy</translation>
    </message>
    <message>
        <source>Mandant, mandataire, validité : chaque règle est vérifiée pendant la saisie.</source>
        <translation>Principal, proxy holder, validity: every rule is checked as you type.</translation>
    </message>
    <message>
        <source>Résilier</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>Retrouvez le mandant : toutes ses procurations sont résiliées ensemble (R-REVOKE-2).</source>
        <translation>Find the principal: all of their proxies are revoked together (R-REVOKE-2).</translation>
    </message>
    <message>
        <source>Activité du jour</source>
        <translation>Today&apos;s activity</translation>
    </message>
    <message>
        <source>Les actes de ce poste aujourd&apos;hui, leur statut et leur récépissé.</source>
        <translation>Today&apos;s acts at this station, their status and their receipt.</translation>
    </message>
    <message>
        <source>Rechercher</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Par numéro national d&apos;électeur, par nom et date de naissance, ou par numéro de récépissé.</source>
        <translation>By national voter number, by surname and date of birth, or by receipt number.</translation>
    </message>
    <message>
        <source>Renouvellements</source>
        <translation>Renewals</translation>
    </message>
    <message>
        <source>Qui a fait quoi, et quand.</source>
        <translation>Who did what, and when.</translation>
    </message>
    <message>
        <source>Renouvellement de passeport à distance et identifiants de vote par internet.</source>
        <translation>Remote passport renewal and internet voting credentials.</translation>
    </message>
    <message>
        <source>Procurations</source>
        <translation>Proxies</translation>
    </message>
    <message>
        <source>Consulat</source>
        <translation>Consulate</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Appareils</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agents</translation>
    </message>
    <message>
        <source>Les comptes des agents de ce poste.</source>
        <translation>The accounts of this station&apos;s agents.</translation>
    </message>
    <message>
        <source>La gestion des comptes s&apos;ouvre à l&apos;administrateur ou au superviseur connecté (pas en mode démonstration, où l&apos;agent est fictif).</source>
        <translation>Account management opens to the logged-in administrator or supervisor (not in demonstration mode, where the agent is fictitious).</translation>
    </message>
    <message>
        <source>Tableau de bord</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>L&apos;activité du poste sur 30 jours.</source>
        <translation>The station&apos;s activity over 30 days.</translation>
    </message>
    <message>
        <source>À décider</source>
        <translation>To decide</translation>
    </message>
    <message>
        <source>Les actes qui attendent un superviseur.</source>
        <translation>The acts awaiting a supervisor.</translation>
    </message>
    <message>
        <source>Agent de démonstration ({capacity})</source>
        <translation>Demonstration agent ({capacity})</translation>
    </message>
    <message>
        <source>Démonstration : le mot de passe est « {password} », ou changez d&apos;agent.</source>
        <translation>Demonstration: the password is “{password}”, or switch agent.</translation>
    </message>
    <message>
        <source>Actes refusés ou annulés par le répertoire central : voyez ce qu&apos;il faut dire au citoyen</source>
        <translation>Acts refused or voided by the central register: see what to tell the citizen</translation>
    </message>
</context>
<context>
    <name>failure</name>
    <message>
        <source>{failure} Ce que vous avez saisi est conservé. Référence : {ref}.</source>
        <translation>{failure} What you entered is kept. Reference: {ref}.</translation>
    </message>
    <message>
        <source>Une erreur interne est survenue ; rien de ce que vous avez saisi n&apos;est perdu. Référence : {ref}.</source>
        <translation>An internal error occurred; nothing you entered is lost. Reference: {ref}.</translation>
    </message>
    <message>
        <source>Une erreur inattendue est survenue.</source>
        <translation>An unexpected error occurred.</translation>
    </message>
    <message>
        <source>{failure} Ce que vous avez saisi est conservé à l&apos;écran : vérifiez-le puis réessayez. Si le problème revient, signalez la référence {ref} au support.</source>
        <translation>{failure} What you entered is kept on screen: check it, then try again. If the problem comes back, give reference {ref} to support.</translation>
    </message>
</context>
</TS>
