"""Areas: the official geography Kith maps needs on — local authorities, wards and 2021 LSOAs by GSS
code, with names, boundaries and centre points, loaded from the official files."""
