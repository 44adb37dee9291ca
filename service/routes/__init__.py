"""The HTTP routes, one ``APIRouter`` per group; each calls the application object."""
