"""Review: analysts' corrections to the tables (corrections.csv) and the review session."""
