from . import advisory_loyalty_redeem
