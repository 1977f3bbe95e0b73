from . import test_loyalty_feedback
from . import test_relationship_return_feedback
