"""The Word documents: each organisation's learning example and the compiled network report.

collect.py reads what a report shows from the packages that own it (through their services),
into the dataclasses of data.py; builder.py writes them as a document with docx_writer.py and
the charts of chart.py; views.py serves them. No other package imports this one.
"""
