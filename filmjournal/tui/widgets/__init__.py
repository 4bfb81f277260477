"""The app's widgets: they show what they are given and never write to the journal."""
