// penaltyflow — umbrella header: the model and the pure layers. The record store (store.hpp) is separate
// because it is the one public header that names SQLite.
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/case.hpp>
#include <penaltyflow/case_statistics.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/event.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/money.hpp>
#include <penaltyflow/period.hpp>
#include <penaltyflow/profile.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/statutory_holidays.hpp>
#include <penaltyflow/utf8.hpp>
#include <penaltyflow/version.hpp>
#include <penaltyflow/workflow.hpp>
#include <penaltyflow/workflow_json.hpp>
