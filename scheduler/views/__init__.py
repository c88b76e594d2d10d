"""The study pages, a module per page; scheduler/urls.py maps them."""
