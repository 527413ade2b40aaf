"""Agreed assignments (uppdrag): what each group takes on between the meetings."""
