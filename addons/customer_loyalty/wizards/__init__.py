from . import customer_segment_review

# KPIs (issue #7)
from . import customer_kpi_recompute
