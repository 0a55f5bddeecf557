"""Contains all the data models used in inputs/outputs"""

from .add_organizations_body import AddOrganizationsBody
from .advance_clock_body import AdvanceClockBody
from .clock import Clock
from .error import Error
from .fault_rule import FaultRule
from .fault_rule_delay import FaultRuleDelay
from .fault_rule_delay_distribution import FaultRuleDelayDistribution
from .fault_rule_headers import FaultRuleHeaders
from .fault_rule_kind import FaultRuleKind
from .fault_rule_retry_after_format import FaultRuleRetryAfterFormat
from .fault_rule_state import FaultRuleState
from .fault_rules import FaultRules
from .faults import Faults
from .health_response_200 import HealthResponse200
from .join_meeting_response_201 import JoinMeetingResponse201
from .join_room_response_201 import JoinRoomResponse201
from .journal import Journal
from .journal_entry import JournalEntry
from .latency_profile_state import LatencyProfileState
from .latency_profile_state_operations import LatencyProfileStateOperations
from .latency_profile_state_operations_additional_property import (
    LatencyProfileStateOperationsAdditionalProperty,
)
from .latency_profile_state_operations_additional_property_delay import (
    LatencyProfileStateOperationsAdditionalPropertyDelay,
)
from .latency_profile_state_operations_additional_property_delay_distribution import (
    LatencyProfileStateOperationsAdditionalPropertyDelayDistribution,
)
from .seed_organization import SeedOrganization
from .seed_organization_keys_item import SeedOrganizationKeysItem
from .seed_organization_kind import SeedOrganizationKind
from .seed_organization_users_item import SeedOrganizationUsersItem
from .seed_organization_users_item_organization_role import (
    SeedOrganizationUsersItemOrganizationRole,
)
from .state_response_200 import StateResponse200

__all__ = (
    "AddOrganizationsBody",
    "AdvanceClockBody",
    "Clock",
    "Error",
    "FaultRule",
    "FaultRuleDelay",
    "FaultRuleDelayDistribution",
    "FaultRuleHeaders",
    "FaultRuleKind",
    "FaultRuleRetryAfterFormat",
    "FaultRuleState",
    "FaultRules",
    "Faults",
    "HealthResponse200",
    "JoinMeetingResponse201",
    "JoinRoomResponse201",
    "Journal",
    "JournalEntry",
    "LatencyProfileState",
    "LatencyProfileStateOperations",
    "LatencyProfileStateOperationsAdditionalProperty",
    "LatencyProfileStateOperationsAdditionalPropertyDelay",
    "LatencyProfileStateOperationsAdditionalPropertyDelayDistribution",
    "SeedOrganization",
    "SeedOrganizationKeysItem",
    "SeedOrganizationKind",
    "SeedOrganizationUsersItem",
    "SeedOrganizationUsersItemOrganizationRole",
    "StateResponse200",
)
