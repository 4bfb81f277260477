"""Run filmjournal as `python -m filmjournal`."""

from filmjournal.cli import main

if __name__ == "__main__":
    main()
