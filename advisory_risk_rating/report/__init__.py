from . import risk_rating_xlsx
