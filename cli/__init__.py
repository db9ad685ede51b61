"""The command line, on top of every layer: `python -m assistant …` (or `ec-assistant …`).

It wires the engine (`assistant`), the HTTP server (`api`) and the evaluation and benchmark runners (`evals`)
into one Typer application; nothing below this package imports it.
"""
