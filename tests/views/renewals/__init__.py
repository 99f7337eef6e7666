"""pytest-qt tests of the Renouvellements screens."""
