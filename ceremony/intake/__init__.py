"""Intake: reading a delivery file (formats), the sealed format, column mapping and import.

`formats.read_delivery(data, password)` turns the bytes of a delivery into a `RawTable`,
entirely in memory; the importer maps and validates its columns and stores the people.
"""
