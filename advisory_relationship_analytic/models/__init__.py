from . import advisory_relationship_budget
