import sys

from bench import directory_pages, search

if __name__ == "__main__":
    # Both on the same generated directory: the pages first, then search.
    sys.exit(directory_pages.main(sys.argv[1:]) or search.main(sys.argv[1:]))
