from . import customer_segment_renewal
from . import contract_contract_renewal
from . import customer_contract_renewal
from . import customer_lost_service_contract
from . import customer_kpi_contracts
