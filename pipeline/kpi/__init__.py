"""Official indicators (Kolada) beside the extracted outcomes: reading exports, the kpi table."""
