"""`python -m kg <command>`: the same CLI as the `kg` script, for when the script is not on PATH."""

from kg.cli import main

if __name__ == "__main__":
    main()
