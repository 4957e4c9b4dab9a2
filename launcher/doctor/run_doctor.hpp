// run-with-cuda --doctor: one report of whether an environment can use CUDA, built from the
// pipeline's own results (docs/design.md, "--doctor"). The one entry point app.cpp calls;
// nothing of the doctor runs on the normal launch path.
#pragma once

#include "doctor/facts.hpp"

namespace rwc {

/// --doctor: collects the facts with this host's probes, diagnoses and prints (JSON when
/// json is true; colour when stdout is a terminal and NO_COLOR is unset). Returns the exit
/// status, 0 or 1 (doctor_exit_status).
int run_doctor(const DoctorInput& input, bool json);

} // namespace rwc
