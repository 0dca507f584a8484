from . import test_jobs_in_zone
from . import test_job_hardening
from . import test_job_notes
from . import test_job_queries
from . import test_job_views
from . import test_demo_jobs
from . import test_core_sharing
from . import test_job_review
