"""kamgraph: map the people inside client organisations and find the routes to them."""

__version__ = "0.1.0"

from .errors import InvalidInput, KamgraphError, NotFound, StoreError
from .graph import own_people, people_graph
from .io.files import dump_graph, import_files, load_files, load_graph
from .model import (
    Adoption,
    AdoptionStatus,
    Graph,
    Influence,
    Influences,
    Knows,
    Membership,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Product,
    Role,
    Seniority,
    Stance,
    Unit,
)
from .store import SQLiteStore, Store, open_store
from .views import AccountView, account_view

__all__ = [
    "AccountView",
    "Adoption",
    "AdoptionStatus",
    "Graph",
    "Influence",
    "Influences",
    "InvalidInput",
    "KamgraphError",
    "Knows",
    "Membership",
    "NotFound",
    "Opportunity",
    "OrgKind",
    "Organisation",
    "Person",
    "Product",
    "Role",
    "SQLiteStore",
    "Seniority",
    "Stance",
    "Store",
    "StoreError",
    "Unit",
    "__version__",
    "account_view",
    "dump_graph",
    "import_files",
    "load_files",
    "load_graph",
    "open_store",
    "own_people",
    "people_graph",
]
