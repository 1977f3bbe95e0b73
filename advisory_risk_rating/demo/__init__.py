from . import advisory_next_action_demo
