from . import customer_segment_review
from . import helpdesk_ticket_derive
