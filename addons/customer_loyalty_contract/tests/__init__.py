from . import test_renewal_followup
from . import test_renewal_outcome
from . import test_renewal_companies
from . import test_contract_lost_service
from . import test_contract_snapshot
from . import test_contract_kpis
from . import test_renewal_i18n
from . import test_translation_es
