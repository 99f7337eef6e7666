<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>ActivityPage</name>
    <message>
        <source>Activité du jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les actes de ce poste aujourd&apos;hui, leur statut et leur récépissé. Un acte refusé ou annulé par le répertoire central est signalé ici, avec ce qu&apos;il faut dire au citoyen.</source>
        <translation type="unfinished"></translation>
    </message>
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
    <message numerus="yes">
        <source>%n acte(s) aujourd&apos;hui</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n récépissé(s) à imprimer</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) refusé(s) ou annulé(s) : prévenez le(s) citoyen(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Réimprimer (duplicata, Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impression du récépissé n° {n}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicata du récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} n° {number} imprimé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé n° {number} non imprimé : {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé introuvable sur ce poste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réimprimer le duplicata (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimer (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActivityTableModel</name>
    <message>
        <source>Heure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>À imprimer</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n impression(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personne</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActsDialog</name>
    <message numerus="yes">
        <source>%n acte(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActsModel</name>
    <message>
        <source>Heure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N° de récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
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
    <name>AgentsModel</name>
    <message>
        <source>Retiré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verrouillé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rôle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qualité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentsPage</name>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les comptes des agents de ce poste. L&apos;enregistrement d&apos;un agent demande le répertoire central ; le déverrouillage et la réinitialisation par un superviseur fonctionnent hors ligne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Déverrouiller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Réinitialiser le mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;tirer l&apos;agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer un agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Nom et prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse é&amp;lectronique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;ôle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Qualité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enregistrer l&apos;agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indiquez l&apos;identifiant et le nom de l&apos;agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent enregistré. Mot de passe provisoire, à lui remettre en main propre (affiché une seule fois ; il le changera à sa première connexion) : {password}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord un agent dans la liste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compte {login} déverrouillé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mot de passe de {login} réinitialisé. Mot de passe provisoire (affiché une seule fois) : {password}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent {login} retiré : la base a été rechiffrée, son mot de passe n&apos;ouvre plus rien.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Répertoire central injoignable : signalez-y le retrait dès le retour en ligne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n autre(s) agent(s) devront faire réinitialiser leur mot de passe.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
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
        <source>Date de la notification d&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer l&apos;&amp;envoi du passeport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de réception par le demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer la &amp;réception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de confirmation sur le site de l&apos;ANTS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer la &amp;confirmation ANTS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de réception de l&apos;ancien passeport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer le &amp;retour de l&apos;ancien passeport</source>
        <translation type="unfinished"></translation>
    </message>
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
        <source> — renvoi de l&apos;ancien passeport au plus tard le {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Né(e) le {birth} — {country} — NUMIC {numic} — passeport délivré le {issued}, expire le {expiry}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — {date}, agent {agent}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚑ {note} — agent {agent}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date incomplète ou invalide : JJ/MM/AAAA.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckBadges</name>
    <message>
        <source>{mark} {check} : non vérifiable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lu sur la puce : {files}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document expiré le {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valide jusqu&apos;au {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Clés de contrôle de la zone MRZ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>– Puce : aucune (ancienne carte d&apos;identité)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Délivrée il y a 10 ans au plus, 15 ans pour un majeur ; +5 ans pour un majeur en 2004-2013.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carte expirée fin {month} (voir le verso)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valide jusqu&apos;à fin {month} (voir le verso)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoveredElections</name>
    <message>
        <source>Élections couvertes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Élection couverte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (même jour de vote : la procuration vaut pour toutes, R-VALID-5)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>aucune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h {minutes}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tableau de bord</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;activité du poste sur les 30 derniers jours, depuis la base locale (disponible hors ligne). Cliquez sur une barre pour voir les actes de ce jour.</source>
        <translation type="unfinished"></translation>
    </message>
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
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export des actes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistré : %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateInput</name>
    <message>
        <source>JJ/MM/AAAA</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeadlinesPanel</name>
    <message>
        <source>Dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renvoi avant le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} j de retard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dernier jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} j</source>
        <translation type="unfinished"></translation>
    </message>
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
    <message numerus="yes">
        <source>%n renvoi(s) attendu(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s) vien(nen)t d&apos;être signalé(s) pour invalidation.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Choisissez un dossier en retard dans la liste.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionTableModel</name>
    <message>
        <source>Reçu le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cas à décider</source>
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
    <name>EstablishPage</name>
    <message>
        <source>zone MRZ (pas de CAN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Démonstration : {document} de {surname} sur le lecteur ({key}). F3 : document suivant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établir une procuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lisez la carte du mandant (CAN puis F2), complétez le mandataire et la validité, puis Entrée (ou Ctrl+S) : vérifiez le récapitulatif avec le mandant, Entrée enregistre et imprime.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6 caractères, ex. K7M2QX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récupérer (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ex. 12668*03 (facultatif)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Canal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Référence Maprocuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de la &amp;demande en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Version du formulaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandataire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validité, déplacement et autorité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autorité : {agent}, {capacity} — {station}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avertissements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun avertissement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;J&apos;ai informé le mandant de ces avertissements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérifier et enregistrer (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effacer (Échap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carte non lue : {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carte lue : {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recherche de la demande…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La demande n&apos;a pas pu être récupérée : saisissez-la en entier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appuyez de nouveau sur Échap pour effacer la saisie en cours.</source>
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
    <name>HistoryTableModel</name>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Origine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Répertoire central</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Détail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdentityPanel</name>
    <message>
        <source>Liste communale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liste consulaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liste complémentaire (municipales)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liste complémentaire (européennes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liste de Nouvelle-Calédonie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6 chiffres au recto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ou la zone MRZ scannée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8 ou 9 chiffres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;AN de la carte (F2 pour lire)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Zone MRZ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;om</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prénoms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de na&amp;issance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N° national d&apos;électeur (&amp;NNE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Liste d&apos;inscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posez la carte sur le lecteur, tapez le CAN puis F2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tapez d&apos;abord le CAN (6 chiffres au recto de la carte) ou la zone MRZ, puis F2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun lecteur de carte : saisissez ou scannez la zone MRZ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecture de la puce…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La lecture de la carte a échoué : recommencez ou saisissez la zone MRZ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Puce lue ({access}) : données authentiques. Comparez la photo avec la personne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Puce lue ({access}), vérifications impossibles : {checks}. Contrôlez le document à l&apos;œil.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Puce lue mais contrôle d&apos;authenticité en échec : {checks}. Vérifiez le document à l&apos;œil.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non vérifiée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ancienne carte d&apos;identité (sans puce) : zone MRZ contrôlée. Vérifiez la photo et le verso.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone MRZ lue : contrôles de la zone réussis. F2 lit la puce avec cette zone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IvotePanel</name>
    <message>
        <source>Récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Élément</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandé le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lien utilisé le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
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
    <name>LastResort</name>
    <message>
        <source>Guichet</source>
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
        <source>RÉPUBLIQUE
FRANÇAISE</source>
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
    <name>MandatairePanel</name>
    <message>
        <source>8 ou 9 chiffres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commune ou consulat où il vote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NNE du &amp;mandataire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de naissance du manda&amp;taire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom du mandatair&amp;e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prénom&amp;s du mandataire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comm&amp;une d&apos;inscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse (Nouvelle-Calédonie)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liste du mandataire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Électeur inscrit en Nouvelle-Calédonie : formulaire NC, le mandataire est identifié par son nom, ses prénoms, sa date de naissance, son adresse et sa commune.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewCaseForm</name>
    <message>
        <source>Passeport perdu ou volé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changement de nom ou de prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demande d&apos;un second passeport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passeport déjà renouvelé à distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empreintes impossibles à relever pour le précédent passeport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renouvellement conjoint de la carte d&apos;identité</source>
        <translation type="unfinished"></translation>
    </message>
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
        <source>Dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Étape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renvoi avant le</source>
        <translation type="unfinished"></translation>
    </message>
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
    <name>ProcurationTableModel</name>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Central</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Répertoire central</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandataire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validité</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <source>Duplicata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation type="unfinished"></translation>
    </message>
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
    <name>RefusedModel</name>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Règle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Que faire</source>
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
        <source>Mandant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandataire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scrutins couverts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lieu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autorité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Déplacement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avertissements signalés</source>
        <translation type="unfinished"></translation>
    </message>
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
    <name>RevokePage</name>
    <message>
        <source>Résilier les procurations d&apos;un mandant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La résiliation porte sur toutes les procurations en cours du mandant : on ne résilie jamais une seule procuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NNE ou début du nom du mandant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chercher (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6 chiffres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mandant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de &amp;naissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAN (F2 : lire la carte)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandants &amp;trouvés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8 ou 9 chiffres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom (pièce d&apos;identité)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prénoms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NNE du mandant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>référence reçue par courriel (Maprocuration)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Formulaire de résiliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Référence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Résilier toutes ses procurations (Ctrl+Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun lecteur de carte : saisissez le NNE ou le nom du mandant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecture de la puce…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carte non lue : {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La lecture de la carte a échoué : recommencez ou saisissez le mandant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carte lue : {name} — identité vérifiée par la puce.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n procuration(s) en cours</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{name} — né(e) le {date} — {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n mandant(s) trouvé(s) sur ce poste.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Aucun mandant trouvé sur ce poste avec ces critères.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — au répertoire central (autres postes) — {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ces procurations ont été établies à d&apos;autres postes : la résiliation faite ici les résilie toutes au répertoire central. Vérifiez l&apos;identité du mandant (carte d&apos;identité).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Confirmer la résiliation de %n procuration(s) (Ctrl+Entrée)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Confirmez : toutes les procurations en cours de ce mandant seront résiliées. Échap pour annuler.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Résiliation en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Résiliation non enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n procuration(s) résiliée(s), récépissé n° {number} — résiliation provisoire jusqu&apos;à la confirmation du répertoire central. Impression…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Récépissé imprimé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé non imprimé : {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Résiliation enregistrée, récépissé n° {number} (provisoire : en attente de la confirmation du répertoire central). {tail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Résiliation annulée.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulesModel</name>
    <message>
        <source>Règle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refus à l&apos;arrivée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalidées ensuite</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaveAndPrint</name>
    <message>
        <source>Vérification…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procuration non enregistrée : corrigez les champs signalés (rien n&apos;a été effacé).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rien n&apos;est enregistré : modifiez le formulaire, puis Entrée pour vérifier à nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrement de la procuration…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procuration non enregistrée. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procuration enregistrée, récépissé n° {number} — statut provisoire, en attente du répertoire central. Impression…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impression du récépissé n° {number}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé n° {number} à imprimer : il attend dans « Activité du jour ». Prêt pour le citoyen suivant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé introuvable sur ce poste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimer (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réimprimer le duplicata (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procuration enregistrée, récépissé n° {number} NON IMPRIMÉ : {reason} Rechargez ou rallumez l&apos;imprimante puis « Imprimer » (Ctrl+P), ou « Imprimer plus tard » (Ctrl+D).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé n° {number} non imprimé : {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicata imprimé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé imprimé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procuration enregistrée, récépissé n° {number} (provisoire, en attente du répertoire central). {printed} Prêt pour le citoyen suivant.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Rechercher une procuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NNE, début du nom (sans accents ni majuscules), numéro de récépissé ou référence Maprocuration. Le répertoire central est interrogé aussi avec le NNE, ou le nom suivi des prénoms (ex. « dubois jean »), et la date de naissance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ex. 204512873, mart, GCH-75056-01-2026-000001, K7M2QX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JJ/MM/AAAA (facultatif)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rechercher (Entrée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rechercher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de &amp;naissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tapez un critère puis Entrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Historique des statuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimer le récépissé (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recherche…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La recherche a échoué : réessayez. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n résultat(s) sur ce poste.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Tapez un NNE, un début de nom, un numéro de récépissé ou une référence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicata du récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récépissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} {number} imprimé.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionFlow</name>
    <message>
        <source>Choisissez votre mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez d&apos;abord votre identifiant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code de réinitialisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez le code reçu par courriel (valable 15 minutes) :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mot de passe changé : connectez-vous avec le nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session expirée : saisissez à nouveau votre mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session verrouillée</source>
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
    <message>
        <source>Cet acte attend la décision d&apos;un superviseur (rien n&apos;a été effacé).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acte envoyé dans la liste « À décider » (Ctrl+0) : un superviseur le décidera.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le superviseur a refusé l&apos;acte : la procuration n&apos;est pas enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>moins d&apos;une minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h {minutes}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} j {hours} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (invalidée après coup)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les procurations et demandes enregistrées ici sont transmises au répertoire central dès que le réseau le permet. Rien n&apos;est perdu hors ligne : tout ce qui attend est conservé et renvoyé automatiquement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun répertoire central n&apos;est configuré pour ce poste : les enregistrements restent en attente localement. Réglage : central_url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En attente d&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plus ancienne en attente depuis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dernière synchronisation réussie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dernier incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce poste n&apos;a pas pu joindre le répertoire central depuis longtemps. Les procurations établies restent provisoires : prévenez votre responsable si la connexion ne revient pas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Synchroniser maintenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v / %m envoyées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusées ou invalidées par le répertoire central</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun enregistrement refusé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronisation en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non configurée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouverture de la base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hors ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tout est envoyé</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n enregistrement(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Jamais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToDecidePage</name>
    <message>
        <source>À décider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actes qui attendent la décision d&apos;un superviseur. Le superviseur connecté accepte ou refuse, avec un motif ; un acte accepté reste dans la liste jusqu&apos;à ce qu&apos;un agent l&apos;établisse ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motif de la décision (obligatoire)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Motif</source>
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
        <source>Établir l&apos;acte accepté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) à décider</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n accepté(s) à établir.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Aucun acte à décider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Décision enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> L&apos;acte peut être établi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acte non enregistré : {reasons}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procuration enregistrée, récépissé n° {number}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValidityPanel</name>
    <message>
        <source>Les deux tours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1er tour seulement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2d tour seulement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pour un scrutin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pour une durée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> et {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Déplacement à domicile ou en établissement (&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demande écrite reçue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attestation sur l&apos;honneur reçue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ype de validité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scrutin (&amp;Q)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tours (&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Au (inclus)</source>
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
<context>
    <name>app</name>
    <message>
        <source>Guichet ne peut pas ouvrir la base locale : la clé ne correspond pas ou le fichier est endommagé. Contactez votre administrateur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guichet n&apos;a pas pu démarrer ({kind}). Référence : {ref}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version de Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouverture de la base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lecteur de cartes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimante de récépissés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stockage chiffré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clé de signature des récépissés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>identifiant {key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dossier des données</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Répertoire central</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local (démonstration)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non configuré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Établir une procuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandant, mandataire, validité : chaque règle est vérifiée pendant la saisie.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le formulaire d&apos;établissement n&apos;est pas encore disponible dans cette version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Résilier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrouvez le mandant : toutes ses procurations sont résiliées ensemble (R-REVOKE-2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La résiliation n&apos;est pas encore disponible dans cette version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activité du jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les actes de ce poste aujourd&apos;hui, leur statut et leur récépissé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rechercher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Par numéro national d&apos;électeur, par nom et date de naissance, ou par numéro de récépissé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La recherche n&apos;est pas encore disponible dans cette version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renouvellements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renouvellement de passeport à distance et identifiants de vote par internet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le suivi des renouvellements n&apos;est pas encore disponible dans cette version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procurations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consulat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appareils</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les comptes des agents de ce poste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La gestion des comptes s&apos;ouvre à l&apos;administrateur ou au superviseur connecté (pas en mode démonstration, où l&apos;agent est fictif).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tableau de bord</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;activité du poste sur 30 jours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>À décider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les actes qui attendent un superviseur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent de démonstration ({capacity})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Démonstration : le mot de passe est « {password} », ou changez d&apos;agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actes refusés ou annulés par le répertoire central : voyez ce qu&apos;il faut dire au citoyen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>failure</name>
    <message>
        <source>{failure} Ce que vous avez saisi est conservé. Référence : {ref}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une erreur interne est survenue ; rien de ce que vous avez saisi n&apos;est perdu. Référence : {ref}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une erreur inattendue est survenue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{failure} Ce que vous avez saisi est conservé à l&apos;écran : vérifiez-le puis réessayez. Si le problème revient, signalez la référence {ref} au support.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
