import sys

from bench import directory_pages

if __name__ == "__main__":
    sys.exit(directory_pages.main(sys.argv[1:]))
