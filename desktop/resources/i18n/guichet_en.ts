<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>ActivityPage</name>
    <message>
        <source>Chargement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actes du jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimer (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aperçu (Ctrl+Maj+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actualiser (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impression du récépissé n° {n}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé introuvable sur ce poste.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentSwitchDialog</name>
    <message>
        <source>Changer d&apos;agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;agent qui prend le guichet se connecte : les actes suivants sont les siens et son nom figure sur les récépissés. Le formulaire en cours est effacé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents de démonstration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prendre le guichet (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler (Échap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez l&apos;identifiant et le mot de passe de l&apos;agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérification…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message numerus="yes">
        <source>%n acte(s) sur la période</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Réimprimer le dernier récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de sécurité à communiquer au demandeur. Il ne sera plus jamais affiché : le demandeur le saisira sur le site de l&apos;ANTS à la réception de son passeport.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>J&apos;ai &amp;communiqué le numéro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo aux normes françaises reçue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;étiquette DHL porte l&apos;option « signature d&apos;un adulte »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer la réception des &amp;pièces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identité vérifiée pendant l&apos;entretien en visioconférence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demande &amp;validée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demande re&amp;fusée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motif du refus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer l&apos;issue de l&apos;&amp;entretien</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le délai de 40 jours est dépassé sans renvoi de l&apos;ancien passeport : le nouveau passeport doit être invalidé et signalé à Interpol (R-PASS-1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer l&apos;&amp;invalidation et le signalement à Interpol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;ancien passeport est arrivé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date incomplète ou invalide : JJ/MM/AAAA.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Calcul des chiffres…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actes par jour, par nature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procurations et résiliations par jour, par canal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrées en attente du répertoire central, en fin de journée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procurations et résiliations, par canal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refus et invalidations par règle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Période du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rapport d&apos;activité (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xporter les actes (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ac&amp;tualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En attente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 entrée(s) en attente ; la plus ancienne attend depuis %2 ; dernière synchronisation réussie : %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renouvellements : %1 retour(s) de passeport dû(s) sous 7 jours, %2 en retard ; %3 renouvellement(s) d&apos;identifiants de vote par internet sur 30 jours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 acte(s) sur les 30 derniers jours, du %2 au %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calcul…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez les dates de début et de fin de la période (JJ/MM/AAAA).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapport d&apos;activité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export des actes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistré : %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeadlinesPanel</name>
    <message>
        <source>Ancien passeport attendu dans les 7 jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Délai de 40 jours dépassé : invalidation et signalement à Interpol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ouvrir le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Invalider et signaler à Interpol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer l&apos;invalidation du passeport et son signalement à Interpol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le {0} : {1} bientôt, {2} en retard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> {0} {1} pour invalidation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisissez un dossier en retard dans la liste.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Appareils</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État du lecteur de cartes, de l&apos;imprimante de récépissés et du stockage chiffré de ce poste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Langue des écrans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Préférence non enregistrée : {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstSetupDialog</name>
    <message>
        <source>Première mise en service — Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce poste ({station}) n&apos;a encore aucun compte. Créez le compte de son administrateur : il enregistrera ensuite les agents. Cette étape demande une connexion au répertoire central ; les connexions suivantes fonctionnent hors ligne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pour recevoir un code de réinitialisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Générer un autre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Créer le compte administrateur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom et prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse électronique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indiquez l&apos;identifiant et le nom de l&apos;administrateur.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IvotePanel</name>
    <message>
        <source>L&apos;électeur reçoit par courriel un lien à usage unique ; son nouvel identifiant ou mot de passe s&apos;affiche seulement sur le portail de vote. L&apos;agent ne voit jamais ces éléments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro d&apos;identification consulaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse donnée au consulat ou au registre en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NUMI&amp;C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse é&amp;lectronique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rechercher l&apos;électeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>À renouveler :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pour des raisons de sécurité, l&apos;identifiant et le mot de passe ne peuvent pas être renouvelés en même temps (R-IVOTE-5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer la &amp;demande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réimprimer le récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Électeur non trouvé</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Session verrouillée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Déverrouiller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changer d&apos;agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérification…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Connexion — Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se connecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mot de passe oublié ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez votre identifiant et votre mot de passe.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Guichet — procurations et renouvellements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DÉMONSTRATION — données fictives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changer d&apos;agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Un autre agent prend le guichet : les actes suivants sont les siens (Ctrl+Maj+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verrouiller (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masquer l&apos;écran ; la saisie en cours est conservée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raccourci : Ctrl+{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Répertoire central non configuré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● En ligne (dernier échange à {t})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● En ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Hors ligne (dernier échange réussi à {t})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Hors ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Pas de synchronisation depuis trop longtemps : vérifiez la connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouverture de la base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} en attente de synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tout est synchronisé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecteur : {s}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimante : {s}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewCaseForm</name>
    <message>
        <source>Nouveau dossier de renouvellement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le demandeur a déposé sa demande sur service-public.fr (étapes 1 et 2). Vérifiez son éligibilité avant d&apos;ouvrir le dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— choisissez le pays —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;om de naissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prénoms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Da&amp;te de naissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NU&amp;MIC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pa&amp;ys de résidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N° du passeport à &amp;renouveler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dé&amp;livré le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Expire le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inscrit au Registre des Français établis hors de France</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A le passeport en main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Situations qui excluent le renouvellement à distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le précédent renouvellement a échoué par erreur administrative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Vérifier et ouvrir le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez le nom et les prénoms du demandeur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisissez le pays de résidence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date incomplète ou invalide : JJ/MM/AAAA (ex. 15011990).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>Nouveau mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le mot de passe affiché a été généré pour vous et offre une sécurité très forte : vous pouvez le garder tel quel ou le remplacer par une phrase de passe plus facile à retenir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Générer un autre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer le mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassportPanel</name>
    <message>
        <source>Rechercher : n° de dossier ou nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouveau dossier (Alt+N)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintLine</name>
    <message>
        <source>Impression du récépissé {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impression impossible : {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <source>Aperçu — {kind} n° {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aperçu du récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimer (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermer (Échap)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RenewalsPage</name>
    <message>
        <source>Renouvellements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renouvellement de passeport à distance et identifiants de vote par internet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passeport à distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Échéances du jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifiants de vote par internet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultBanner</name>
    <message>
        <source>Imprimer le récépissé (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aperçu (Ctrl+Maj+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimer plus tard (Ctrl+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réimprimer (duplicata, Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Vérifier la procuration avant de l&apos;enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relisez avec le mandant. Entrée enregistre et imprime le récépissé ; Échap revient au formulaire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récapitulatif de la procuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer, enregistrer et imprimer (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modifier (Échap)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>Décision d&apos;un superviseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les textes renvoient ce cas à un superviseur : l&apos;acte attend sa décision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accepter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fuser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motif de la décision (obligatoire)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Identifiant du superviseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mot de passe du superviseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;otif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Décider (superviseur présent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Envoyer dans la liste « à décider »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Chart</name>
    <message>
        <source>Calcul en cours…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
