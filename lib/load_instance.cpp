// lib/load_instance.cpp: the instance reader compiled once (instance/load_instance_impl.hpp).
#include "incert/instance/load_instance_impl.hpp"
