"""Cases, risk analysis, the organisation's system checklist and the learning-example reports."""
