<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="fr">
<context>
    <name>ActivityPage</name>
    <message numerus="yes">
        <source>%n acte(s) aujourd&apos;hui</source>
        <translation>
            <numerusform>%n acte aujourd&apos;hui</numerusform>
            <numerusform>%n actes aujourd&apos;hui</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n récépissé(s) à imprimer</source>
        <translation>
            <numerusform>%n récépissé à imprimer</numerusform>
            <numerusform>%n récépissés à imprimer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) refusé(s) ou annulé(s) : prévenez le(s) citoyen(s)</source>
        <translation>
            <numerusform>%n acte refusé ou annulé : prévenez le citoyen</numerusform>
            <numerusform>%n actes refusés ou annulés : prévenez les citoyens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActivityTableModel</name>
    <message numerus="yes">
        <source>%n impression(s)</source>
        <translation>
            <numerusform>%n imprimé</numerusform>
            <numerusform>%n impressions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActsDialog</name>
    <message numerus="yes">
        <source>%n acte(s)</source>
        <translation>
            <numerusform>%n acte</numerusform>
            <numerusform>%n actes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entrée(s)</source>
        <translation>
            <numerusform>%n entrée</numerusform>
            <numerusform>%n entrées</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AgentsModel</name>
    <message numerus="yes">
        <source>%n échec(s)</source>
        <translation>
            <numerusform>%n échec</numerusform>
            <numerusform>%n échecs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AgentsPage</name>
    <message numerus="yes">
        <source>%n autre(s) agent(s) devront faire réinitialiser leur mot de passe.</source>
        <translation>
            <numerusform>%n autre agent devra faire réinitialiser son mot de passe.</numerusform>
            <numerusform>%n autres agents devront faire réinitialiser leur mot de passe.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message numerus="yes">
        <source>%n acte(s) sur la période</source>
        <translation>
            <numerusform>%n acte sur la période</numerusform>
            <numerusform>%n actes sur la période</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <source>%n entrée(s) en attente ; la plus ancienne attend depuis %2 ; dernière synchronisation réussie : %3.</source>
        <translation>
            <numerusform>%n entrée en attente ; la plus ancienne attend depuis %2 ; dernière synchronisation réussie : %3.</numerusform>
            <numerusform>%n entrées en attente ; la plus ancienne attend depuis %2 ; dernière synchronisation réussie : %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Renouvellements : %n retour(s) de passeport dû(s) sous 7 jours</source>
        <translation>
            <numerusform>Renouvellements : %n retour de passeport dû sous 7 jours</numerusform>
            <numerusform>Renouvellements : %n retours de passeport dus sous 7 jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n en retard</source>
        <translation>
            <numerusform>, %n en retard</numerusform>
            <numerusform>, %n en retard</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> ; %n renouvellement(s) d&apos;identifiants de vote par internet sur 30 jours.</source>
        <translation>
            <numerusform> ; %n renouvellement d&apos;identifiants de vote par internet sur 30 jours.</numerusform>
            <numerusform> ; %n renouvellements d&apos;identifiants de vote par internet sur 30 jours.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acte(s) sur les 30 derniers jours, du %2 au %3.</source>
        <translation>
            <numerusform>%n acte sur les 30 derniers jours, du %2 au %3.</numerusform>
            <numerusform>%n actes sur les 30 derniers jours, du %2 au %3.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeadlinesPanel</name>
    <message numerus="yes">
        <source>%n renvoi(s) attendu(s)</source>
        <translation>
            <numerusform>%n renvoi attendu</numerusform>
            <numerusform>%n renvois attendus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s)</source>
        <translation>
            <numerusform>%n dossier</numerusform>
            <numerusform>%n dossiers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s) vien(nen)t d&apos;être signalé(s) pour invalidation.</source>
        <translation>
            <numerusform>%n dossier vient d&apos;être signalé pour invalidation.</numerusform>
            <numerusform>%n dossiers viennent d&apos;être signalés pour invalidation.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message numerus="yes">
        <source>Cette consultation a listé %n acte(s) ; le journal n&apos;en gardait alors que le nombre et une empreinte, pas les numéros.</source>
        <translation>
            <numerusform>Cette consultation a listé %n acte ; le journal n&apos;en gardait alors que le nombre et une empreinte, pas le numéro.</numerusform>
            <numerusform>Cette consultation a listé %n actes ; le journal n&apos;en gardait alors que le nombre et une empreinte, pas les numéros.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Et %n autre(s), comptés seulement.</source>
        <translation>
            <numerusform>Et %n autre, compté seulement.</numerusform>
            <numerusform>Et %n autres, comptés seulement.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Liste de %n acte(s)</source>
        <translation>
            <numerusform>Liste de %n acte</numerusform>
            <numerusform>Liste de %n actes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JournalPage</name>
    <message numerus="yes">
        <source>Les %n événements les plus récents sont affichés ; d&apos;autres correspondent : affinez la recherche (agent, période, nature de l&apos;action).</source>
        <translation>
            <numerusform>L&apos;événement le plus récent est affiché ; d&apos;autres correspondent : affinez la recherche (agent, période, nature de l&apos;action).</numerusform>
            <numerusform>Les %n événements les plus récents sont affichés ; d&apos;autres correspondent : affinez la recherche (agent, période, nature de l&apos;action).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n événement(s) trouvé(s), le plus récent en premier.</source>
        <translation>
            <numerusform>%n événement trouvé.</numerusform>
            <numerusform>%n événements trouvés, le plus récent en premier.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NationalLookups</name>
    <message numerus="yes">
        <source>%n procuration(s) en vigueur connue(s) du répertoire central.</source>
        <translation>
            <numerusform>%n procuration en vigueur connue du répertoire central.</numerusform>
            <numerusform>%n procurations en vigueur connues du répertoire central.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RevokePage</name>
    <message numerus="yes">
        <source>%n procuration(s) en cours</source>
        <translation>
            <numerusform>%n procuration en cours</numerusform>
            <numerusform>%n procurations en cours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mandant(s) trouvé(s) sur ce poste.</source>
        <translation>
            <numerusform>%n mandant trouvé sur ce poste.</numerusform>
            <numerusform>%n mandants trouvés sur ce poste.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Seront résiliées ensemble : %n procuration(s) en cours</source>
        <translation>
            <numerusform>Sera résiliée : %n procuration en cours</numerusform>
            <numerusform>Seront résiliées ensemble : %n procurations en cours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Confirmer la résiliation de %n procuration(s) (Ctrl+Entrée)</source>
        <translation>
            <numerusform>Confirmer la résiliation de la procuration (Ctrl+Entrée)</numerusform>
            <numerusform>Confirmer la résiliation des %n procurations (Ctrl+Entrée)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n procuration(s) résiliée(s), récépissé n° {number} — résiliation provisoire jusqu&apos;à la confirmation du répertoire central. Impression…</source>
        <translation>
            <numerusform>%n procuration résiliée, récépissé n° {number} — résiliation provisoire jusqu&apos;à la confirmation du répertoire central. Impression…</numerusform>
            <numerusform>%n procurations résiliées, récépissé n° {number} — résiliation provisoire jusqu&apos;à la confirmation du répertoire central. Impression…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message numerus="yes">
        <source>%n résultat(s) sur ce poste.</source>
        <translation>
            <numerusform>%n résultat sur ce poste.</numerusform>
            <numerusform>%n résultats sur ce poste.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <source>%n enregistrement(s)</source>
        <translation>
            <numerusform>%n enregistrement</numerusform>
            <numerusform>%n enregistrements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n enregistrement(s) conservé(s) sur ce poste</source>
        <translation>
            <numerusform>%n enregistrement conservé sur ce poste</numerusform>
            <numerusform>%n enregistrements conservés sur ce poste</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToDecidePage</name>
    <message numerus="yes">
        <source>%n acte(s) à décider</source>
        <translation>
            <numerusform>%n acte à décider</numerusform>
            <numerusform>%n actes à décider</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n accepté(s) à établir.</source>
        <translation>
            <numerusform>%n accepté à établir.</numerusform>
            <numerusform>%n acceptés à établir.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message numerus="yes">
        <source>%n jour(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n jour(s) de retard</source>
        <translation>
            <numerusform>%n jour de retard</numerusform>
            <numerusform>%n jours de retard</numerusform>
        </translation>
    </message>
</context>
</TS>
