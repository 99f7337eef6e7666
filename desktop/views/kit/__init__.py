"""The one view kit: a background runner, labelled fields with their French error line, one date input."""
