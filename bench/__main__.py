import sys

from bench import directory_pages, oruk_import, search

if __name__ == "__main__":
    # The pages and search on the same generated directory; then the feed import, rolled back after.
    sys.exit(directory_pages.main(sys.argv[1:]) or search.main(sys.argv[1:]) or oruk_import.main(sys.argv[1:]))
