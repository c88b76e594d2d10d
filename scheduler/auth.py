from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
