"""Contains all the data models used in inputs/outputs"""

from .boolean_string import BooleanString
from .consultation import Consultation
from .create_meeting_request import CreateMeetingRequest
from .create_queue_request import CreateQueueRequest
from .create_room_form import CreateRoomForm
from .create_room_request import CreateRoomRequest
from .deleted_meeting import DeletedMeeting
from .error import Error
from .error_detail import ErrorDetail
from .error_detail_location import ErrorDetailLocation
from .meeting import Meeting
from .meeting_type import MeetingType
from .organization import Organization
from .organization_role import OrganizationRole
from .organization_user import OrganizationUser
from .queue import Queue
from .queue_member import QueueMember
from .queue_object import QueueObject
from .queue_type import QueueType
from .room import Room
from .update_queue_request import UpdateQueueRequest

__all__ = (
    "BooleanString",
    "Consultation",
    "CreateMeetingRequest",
    "CreateQueueRequest",
    "CreateRoomForm",
    "CreateRoomRequest",
    "DeletedMeeting",
    "Error",
    "ErrorDetail",
    "ErrorDetailLocation",
    "Meeting",
    "MeetingType",
    "Organization",
    "OrganizationRole",
    "OrganizationUser",
    "Queue",
    "QueueMember",
    "QueueObject",
    "QueueType",
    "Room",
    "UpdateQueueRequest",
)
