from . import customer_segment_review
