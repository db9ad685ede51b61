"""`python -m assistant …`: the program's entry point, which belongs to the top layer; it only hands over to the
command line (`cli`), which sits above every package."""

from cli.app import main

main()
