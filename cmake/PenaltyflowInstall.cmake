# Installation: the library, public headers, data files, the CMake package (config + version files).
include(CMakePackageConfigHelpers)

set(PENALTYFLOW_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/penaltyflow)

install(TARGETS penaltyflow EXPORT penaltyflowTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/penaltyflow DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/penaltyflow/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/penaltyflow)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/penaltyflow)

install(EXPORT penaltyflowTargets NAMESPACE penaltyflow:: DESTINATION ${PENALTYFLOW_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/penaltyflowConfig.cmake.in
  ${PROJECT_BINARY_DIR}/penaltyflowConfig.cmake
  INSTALL_DESTINATION ${PENALTYFLOW_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/penaltyflowConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/penaltyflowConfig.cmake ${PROJECT_BINARY_DIR}/penaltyflowConfigVersion.cmake
        DESTINATION ${PENALTYFLOW_INSTALL_CMAKEDIR})
