from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import Argon2PasswordHasher


class StudyProfileBackend(ModelBackend):
    """Django's model backend, loading the learner's study profile with the user.

    Every study page needs the profile (time zone, limits, grading scale); joining it here
    saves each request a query. A user without a profile yet gets one on first use
    (StudyProfile.for_user).
    """

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("study_profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

    Django's defaults (100 MiB, 8 lanes) cost ~0.23 s of CPU a sign-in on this two-core box,
    so 200 learners signing in at once would queue for most of a minute; these parameters
    cost ~0.03 s (`make benchmark` prints it). Hashes made with other parameters, or with
    PBKDF2, are rehashed with these at the learner's next sign-in (Django's must_update).
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
