from . import customer_segment
from . import customer_segment_history
from . import res_company
from . import res_config_settings
from . import res_partner
from . import helpdesk_ticket

# KPIs (issue #7)
from . import customer_kpi
from . import customer_kpi_target
from . import customer_kpi_value
